// Trains the maatwerk word model (content/maatwerk-model.json) from labelled messages.
//
//   npm run train:maatwerk                    train on the labelled files, choose the threshold by leaving each file
//                                             out once, write content/maatwerk-model.json
//   node dist/scripts/train-maatwerk-model.js --check
//                                             train again and say whether the file in content/ is what the data gives
//
// Deterministic. The shipped set test/understanding/*.jsonl is never trained on.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { MaatwerkModelFile } from '../src/content/schema.js';
import { modelFeatures } from '../src/understanding/word-features.js';
import { parseLabelled } from '../src/understanding/evaluate.js';
import { normalize } from '../src/understanding/normalize.js';
import { packageRoot } from '../src/config.js';
import { runTrainer } from './model-trainer.js';
import { leaveOneFileOut, train, trainingFiles, CONTENT_EXAMPLES } from './train-crisis-model.js';

const ROOT = packageRoot();
/**
 * The threshold is the lowest at which, with each file left out once, at least this share of the messages the
 * model alone flags did need a person: it must not send advisers many questions people can sort out themselves.
 */
const MIN_CV_PRECISION = 0.9;
const THRESHOLDS = [0.5, 0.55, 0.6, 0.65, 0.7, 0.75, 0.8, 0.85, 0.9, 0.95];

interface Example {
  features: string[];
  maatwerk: boolean;
  file: string;
}

/** The labelled files (not the theme examples: they carry no maatwerk label). */
export function maatwerkTrainingFiles(): string[] {
  return trainingFiles().filter((f) => f !== CONTENT_EXAMPLES);
}

function loadExamples(files: readonly string[]): Example[] {
  const examples: Example[] = [];
  for (const file of files) {
    const parsed = parseLabelled(readFileSync(path.join(ROOT, file), 'utf8'), file);
    if (parsed.errors.length > 0) throw new Error(parsed.errors.join('\n'));
    for (const line of parsed.lines) {
      examples.push({ features: modelFeatures(normalize(line.text)), maatwerk: line.maatwerk, file });
    }
  }
  return examples;
}

export function trainMaatwerkModel(options: { crossValidate: boolean; threshold?: number }): MaatwerkModelFile {
  const files = maatwerkTrainingFiles();
  const examples = loadExamples(files);
  const maatwerk = train(examples, (e) => e.maatwerk);
  let threshold = options.threshold ?? 0.8;
  let crossValidation: MaatwerkModelFile['crossValidation'] = [];
  if (options.crossValidate) {
    const scores = leaveOneFileOut(files, examples, (e) => e.maatwerk).map((list) => list.map((s) => ({ maatwerk: s.label, p: s.p })));
    const all = scores.flat();
    const positives = all.filter((s) => s.maatwerk).length;
    console.log('threshold  found (maatwerk lines)  right among flagged, each file left out once');
    let chosen: number | null = null;
    for (const t of THRESHOLDS) {
      const flagged = all.filter((s) => s.p >= t);
      const found = flagged.filter((s) => s.maatwerk).length;
      const precision = flagged.length === 0 ? 1 : found / flagged.length;
      console.log(
        `  ${t.toFixed(2)}     ${String(found).padStart(4)} / ${positives} (${((100 * found) / positives).toFixed(1)} %)   ${found} / ${flagged.length} (${(100 * precision).toFixed(1)} %)`,
      );
      if (chosen === null && precision >= MIN_CV_PRECISION) chosen = t;
    }
    threshold = chosen ?? THRESHOLDS.at(-1)!;
    crossValidation = files.map((file, i) => ({
      file,
      maatwerk: scores[i]!.filter((s) => s.maatwerk).length,
      found: scores[i]!.filter((s) => s.maatwerk && s.p >= threshold).length,
      flagged: scores[i]!.filter((s) => s.p >= threshold).length,
    }));
    console.log(`chosen threshold ${threshold} (the lowest where at least ${MIN_CV_PRECISION * 100} % of what the model flags needed a person)`);
  }
  return {
    version: 1,
    trainedOn: files.map((file) => ({
      file,
      lines: examples.filter((e) => e.file === file).length,
      maatwerk: examples.filter((e) => e.file === file && e.maatwerk).length,
    })),
    threshold,
    crossValidation,
    maatwerk,
  };
}

function main(): void {
  runTrainer<MaatwerkModelFile>({
    file: 'maatwerk-model.json',
    command: 'npm run train:maatwerk',
    indent: 1,
    train: (current) => trainMaatwerkModel(current ? { crossValidate: false, threshold: current.threshold } : { crossValidate: true }),
    describe: (model) => `${Object.keys(model.maatwerk.weights).length} weights, trained on ${model.trainedOn.reduce((n, f) => n + f.lines, 0)} lines`,
  });
}

if (require.main === module) main();
