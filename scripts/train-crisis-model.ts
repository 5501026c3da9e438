// Trains the crisis word model (content/safety-model.json) from labelled messages.
//
//   npm run train:crisis                      train on the labelled files (trainingFiles()), choose the threshold by
//                                             leaving each file out once, write content/safety-model.json
//   node dist/scripts/train-crisis-model.js --check
//                                             train again and say whether the file in content/ is what the data gives
//
// Deterministic: the same files, content and code give the same weights. The shipped set test/understanding/*.jsonl
// is never trained on: it stays a measure of what the model does on messages it has not seen.
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { loadContentOrThrow } from '../src/content/load.js';
import { exampleKey } from '../src/content/examples.js';
import type { CrisisCategoryId, SafetyModelFile } from '../src/content/schema.js';
import { CRISIS_CATEGORIES } from '../src/content/schema.js';
import { CrisisDetector } from '../src/understanding/crisis.js';
import { modelFeatures, scoreLinear, type LinearModel } from '../src/understanding/word-features.js';
import { parseLabelled } from '../src/understanding/evaluate.js';
import { normalize } from '../src/understanding/normalize.js';
import { packageRoot } from '../src/config.js';
import { runTrainer } from './model-trainer.js';

const ROOT = packageRoot();
const EPOCHS = 30;
const LEARNING_RATE = 0.1;
const L2 = 1e-2;
/** A feature must occur in at least this many training messages. */
const MIN_COUNT = 2;
/** Weights smaller than this are left out of the file (they change no decision). */
const MIN_WEIGHT = 0.02;
/**
 * The threshold is the lowest whose false alarms, with each file left out once, stay at or under this share: half
 * of the 2 % false-alarm budget, the other half is for the rules.
 */
const MAX_CV_FALSE_ALARMS = 0.01;
const THRESHOLDS = [0.25, 0.3, 0.35, 0.4, 0.45, 0.5, 0.55, 0.6, 0.65, 0.7, 0.75, 0.8, 0.85, 0.9, 0.95];

interface Example {
  features: string[];
  crisis: boolean;
  category: CrisisCategoryId | null;
  file: string;
}

function random(seed: number): () => number {
  let state = seed;
  return () => (state = (state * 16807) % 2147483647) / 2147483647;
}

/** Logistic regression by stochastic gradient descent, classes weighted to count equally. */
export function train<E extends { features: string[] }>(examples: readonly E[], label: (e: E) => boolean): LinearModel {
  const counts = new Map<string, number>();
  for (const e of examples) for (const f of e.features) counts.set(f, (counts.get(f) ?? 0) + 1);
  const positives = examples.filter(label).length;
  const negatives = examples.length - positives;
  const classWeight = { true: examples.length / (2 * Math.max(1, positives)), false: examples.length / (2 * Math.max(1, negatives)) };
  const weights = new Map<string, number>();
  let bias = 0;
  const next = random(20261202);
  const order = examples.map((_, i) => i);
  for (let epoch = 0; epoch < EPOCHS; epoch++) {
    // Fisher-Yates with a fixed seed: a different order each epoch, the same run every time.
    for (let i = order.length - 1; i > 0; i--) {
      const j = Math.floor(next() * (i + 1));
      [order[i], order[j]] = [order[j]!, order[i]!];
    }
    for (const index of order) {
      const e = examples[index]!;
      const features = e.features.filter((f) => (counts.get(f) ?? 0) >= MIN_COUNT);
      let z = bias;
      for (const f of features) z += weights.get(f) ?? 0;
      const y = label(e);
      const gradient = (1 / (1 + Math.exp(-z)) - (y ? 1 : 0)) * classWeight[`${y}`];
      bias -= LEARNING_RATE * gradient;
      for (const f of features) {
        const w = weights.get(f) ?? 0;
        weights.set(f, w - LEARNING_RATE * (gradient + L2 * w));
      }
    }
  }
  const kept: Record<string, number> = {};
  for (const f of [...weights.keys()].sort()) {
    const w = weights.get(f)!;
    if (Math.abs(w) >= MIN_WEIGHT) kept[f] = Math.round(w * 1e4) / 1e4;
  }
  return { bias: Math.round(bias * 1e4) / 1e4, weights: kept };
}

/** Leave each file out once: train on the others, and score each message of the file the model did not see. */
export function leaveOneFileOut<E extends { features: string[]; file: string }>(
  files: readonly string[],
  examples: readonly E[],
  label: (e: E) => boolean,
): Array<Array<{ label: boolean; p: number }>> {
  return files.map((file) => {
    const model = train(
      examples.filter((e) => e.file !== file),
      label,
    );
    return examples.filter((e) => e.file === file).map((e) => ({ label: label(e), p: scoreLinear(model, e.features).probability }));
  });
}

/** The theme examples of the content: everyday questions for help, none of them a crisis (the import leaves crises out). */
export const CONTENT_EXAMPLES = 'content: theme examples';

function loadExamples(files: readonly string[]): Example[] {
  const content = loadContentOrThrow(path.join(ROOT, 'content'));
  // The rules alone (no model): they give each crisis message its category.
  const rules = new CrisisDetector(content.safety);
  const examples: Example[] = [];
  const seen = new Set<string>();
  const add = (text: string, crisis: boolean, file: string) => {
    const idiomFree = rules.withoutIdioms(normalize(text));
    const category = crisis ? (rules.detect(idiomFree).categories[0] ?? null) : null;
    examples.push({ features: modelFeatures(rules.forModel(idiomFree.text)), crisis, category, file });
  };
  for (const file of files) {
    if (file === CONTENT_EXAMPLES) continue;
    const parsed = parseLabelled(readFileSync(path.join(ROOT, file), 'utf8'), file);
    if (parsed.errors.length > 0) throw new Error(parsed.errors.join('\n'));
    for (const line of parsed.lines) {
      seen.add(exampleKey(line.text));
      add(line.text, line.crisis, file);
    }
  }
  if (files.includes(CONTENT_EXAMPLES)) {
    const texts = [
      ...content.themes.flatMap((t) => [t.vocabulary, ...t.subthemes.map((s) => s.vocabulary)].flatMap((v) => [...v.nl.examples, ...v.en.examples])),
      ...content.examples.flatMap((e) => [...e.nl, ...e.en]),
    ];
    for (const text of texts) {
      const key = exampleKey(text);
      if (seen.has(key)) continue;
      seen.add(key);
      add(text, false, CONTENT_EXAMPLES);
    }
  }
  return examples;
}

export function trainModel(files: readonly string[], options: { crossValidate: boolean; threshold?: number }): SafetyModelFile {
  const examples = loadExamples(files);
  const crisis = train(examples, (e) => e.crisis);
  const crisisExamples = examples.filter((e) => e.crisis && e.category !== null);
  const categories = Object.fromEntries(
    CRISIS_CATEGORIES.map((id) => [id, train(crisisExamples, (e) => e.category === id)]),
  ) as Record<CrisisCategoryId, LinearModel>;

  let threshold = options.threshold ?? 0.8;
  let crossValidation: SafetyModelFile['crossValidation'] = [];
  if (options.crossValidate) {
    const scores = leaveOneFileOut(files, examples, (e) => e.crisis).map((list) => list.map((s) => ({ crisis: s.label, p: s.p })));
    const all = scores.flat();
    const others = all.filter((s) => !s.crisis).length;
    console.log('threshold  found (crisis lines)  false alarms (other lines), each file left out once');
    let chosen: number | null = null;
    for (const t of THRESHOLDS) {
      const found = all.filter((s) => s.crisis && s.p >= t).length;
      const alarms = all.filter((s) => !s.crisis && s.p >= t).length;
      console.log(
        `  ${t.toFixed(2)}     ${String(found).padStart(4)} / ${all.length - others} (${((100 * found) / (all.length - others)).toFixed(1)} %)   ${String(alarms).padStart(4)} / ${others} (${((100 * alarms) / others).toFixed(2)} %)`,
      );
      if (chosen === null && alarms / others <= MAX_CV_FALSE_ALARMS) chosen = t;
    }
    threshold = chosen ?? THRESHOLDS.at(-1)!;
    crossValidation = files.map((file, i) => ({
      file,
      crisis: scores[i]!.filter((s) => s.crisis).length,
      found: scores[i]!.filter((s) => s.crisis && s.p >= threshold).length,
      others: scores[i]!.filter((s) => !s.crisis).length,
      falseAlarms: scores[i]!.filter((s) => !s.crisis && s.p >= threshold).length,
    }));
    console.log(`chosen threshold ${threshold} (the lowest with at most ${(MAX_CV_FALSE_ALARMS * 100).toFixed(1)} % false alarms on files left out)`);
  }
  return {
    version: 1,
    trainedOn: files.map((file) => ({
      file,
      lines: examples.filter((e) => e.file === file).length,
      crisis: examples.filter((e) => e.file === file && e.crisis).length,
    })),
    threshold,
    crossValidation,
    crisis,
    categories,
  };
}

/**
 * What the model learns from: the blind sets, the harmless messages written to teach it what is no crisis
 * (test/understanding/training/), and the theme examples of the content. Never the shipped set.
 */
export function trainingFiles(): string[] {
  const files: string[] = [];
  for (const dir of ['test/understanding/blind', 'test/understanding/training']) {
    if (!existsSync(path.join(ROOT, dir))) continue;
    files.push(
      ...readdirSync(path.join(ROOT, dir))
        .filter((f) => f.endsWith('.jsonl'))
        .sort()
        .map((f) => path.posix.join(dir, f)),
    );
  }
  return [...files, CONTENT_EXAMPLES];
}

function main(): void {
  const files = trainingFiles();
  runTrainer<SafetyModelFile>({
    file: 'safety-model.json',
    command: 'npm run train:crisis',
    indent: 1,
    train: (current) => trainModel(files, current ? { crossValidate: false, threshold: current.threshold } : { crossValidate: true }),
    describe: (model) => `${Object.keys(model.crisis.weights).length} crisis weights, trained on ${model.trainedOn.reduce((n, f) => n + f.lines, 0)} lines`,
  });
}

if (require.main === module) main();
