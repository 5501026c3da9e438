// Trains the theme word model (content/theme-model.json) from labelled messages.
//
//   npm run train:themes                      train on the labelled files and the content's examples, choose the
//                                             model's weight by leaving each labelled file out once, write the file
//   node dist/scripts/train-theme-model.js --check
//                                             train again and say whether the file in content/ is what the data gives
//
// Leaving a file out means: out of the model's training data AND out of the theme examples the matcher compares
// with, so the figures say what the whole of theme matching does on messages it has not seen.
// Deterministic: the same files, content and code give the same weights. The shipped set test/understanding/*.jsonl
// is never trained on (it is kept out of the examples too): it stays the measure in `npm test`.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { loadContentOrThrow } from '../src/content/load.js';
import { exampleKey } from '../src/content/examples.js';
import type { Content } from '../src/content/types.js';
import type { ThemeModelFile } from '../src/content/schema.js';
import { NO_THEME_CLASS } from '../src/content/schema.js';
import { CrisisDetector } from '../src/understanding/crisis.js';
import { tokenFeatures } from '../src/understanding/word-features.js';
import { parseLabelled } from '../src/understanding/evaluate.js';
import { createUnderstanding } from '../src/understanding/index.js';
import { normalize, tokenize } from '../src/understanding/normalize.js';
import { redact } from '../src/privacy/redact.js';
import { packageRoot } from '../src/config.js';
import { runTrainer } from './model-trainer.js';
import { trainingFiles, CONTENT_EXAMPLES } from './train-crisis-model.js';

const ROOT = packageRoot();
const EPOCHS = 25;
const LEARNING_RATE = 0.05;
const L2 = 1e-3;
/** A feature must occur in at least this many training messages. */
const MIN_COUNT = 2;
/** Weights smaller than this are left out of the file (they change no decision). */
const MIN_WEIGHT = 0.02;
/** Weights of the model's probability in theme matching that cross-validation compares (0: without the model). */
const WEIGHTS = [0, 0.5, 1, 1.5, 2, 2.5, 3];

interface Doc {
  features: string[];
  label: string;
  file: string;
}

function random(seed: number): () => number {
  let state = seed;
  return () => (state = (state * 16807) % 2147483647) / 2147483647;
}

/** Multinomial logistic regression by stochastic gradient descent. */
export function train(docs: readonly Doc[], classes: readonly string[]): Pick<ThemeModelFile, 'bias' | 'weights'> {
  const k = classes.length;
  const classIndex = new Map(classes.map((c, i) => [c, i]));
  const counts = new Map<string, number>();
  for (const d of docs) for (const f of d.features) counts.set(f, (counts.get(f) ?? 0) + 1);
  const weights = new Map<string, Float64Array>();
  const bias = new Float64Array(k);
  const next = random(20261202);
  const order = docs.map((_, i) => i);
  const kept = docs.map((d) => d.features.filter((f) => (counts.get(f) ?? 0) >= MIN_COUNT));
  for (const list of kept) for (const f of list) if (!weights.has(f)) weights.set(f, new Float64Array(k));
  const z = new Float64Array(k);
  for (let epoch = 0; epoch < EPOCHS; epoch++) {
    for (let i = order.length - 1; i > 0; i--) {
      const j = Math.floor(next() * (i + 1));
      [order[i], order[j]] = [order[j]!, order[i]!];
    }
    for (const index of order) {
      const features = kept[index]!;
      const y = classIndex.get(docs[index]!.label)!;
      z.set(bias);
      for (const f of features) {
        const w = weights.get(f)!;
        for (let c = 0; c < k; c++) z[c]! += w[c]!;
      }
      let max = -Infinity;
      for (let c = 0; c < k; c++) max = Math.max(max, z[c]!);
      let sum = 0;
      for (let c = 0; c < k; c++) sum += (z[c] = Math.exp(z[c]! - max));
      for (let c = 0; c < k; c++) {
        const gradient = z[c]! / sum - (c === y ? 1 : 0);
        bias[c]! -= LEARNING_RATE * gradient;
        for (const f of features) {
          const w = weights.get(f)!;
          w[c]! -= LEARNING_RATE * (gradient + L2 * w[c]!);
        }
      }
    }
  }
  const round = (x: number) => Math.round(x * 1e3) / 1e3;
  const out: Record<string, number[]> = {};
  for (const f of [...weights.keys()].sort()) {
    const w = weights.get(f)!;
    if (w.some((x) => Math.abs(x) >= MIN_WEIGHT)) out[f] = [...w].map((x) => (Math.abs(x) >= MIN_WEIGHT ? round(x) : 0));
  }
  return { bias: [...bias].map(round), weights: out };
}

/** Theme examples in the content (vocabulary examples and content/examples/), as training messages. */
const VOCABULARY_EXAMPLES = 'content: vocabulary examples';

interface Data {
  docs: Doc[];
  /** Keys of each labelled file's messages, to take them out of the examples when the file is left out. */
  keysByFile: Map<string, Set<string>>;
  lines: Map<string, Array<{ text: string; theme: string | null }>>;
}

function keysOf(text: string): string[] {
  return [exampleKey(text), exampleKey(redact(text.replace(/\s+/g, ' ').trim()).text)];
}

function loadData(content: Content, files: readonly string[]): Data {
  const rules = new CrisisDetector(content.safety);
  const featuresOf = (text: string) => tokenFeatures(tokenize(rules.withoutIdioms(normalize(text)).text));
  const docs: Doc[] = [];
  const keysByFile = new Map<string, Set<string>>();
  const lines = new Map<string, Array<{ text: string; theme: string | null }>>();
  const seen = new Set<string>();
  for (const file of files) {
    if (file === CONTENT_EXAMPLES) continue;
    const parsed = parseLabelled(readFileSync(path.join(ROOT, file), 'utf8'), file);
    if (parsed.errors.length > 0) throw new Error(parsed.errors.join('\n'));
    const keys = new Set<string>();
    lines.set(file, parsed.lines);
    for (const line of parsed.lines) {
      for (const key of keysOf(line.text)) keys.add(key);
      // Crisis messages get their theme from the crisis category, not from matching.
      if (line.crisis) continue;
      if (line.theme !== null && !content.themeById.has(line.theme)) continue;
      docs.push({ features: featuresOf(line.text), label: line.theme ?? NO_THEME_CLASS, file });
    }
    keysByFile.set(file, keys);
    for (const key of keys) seen.add(key);
  }
  const add = (text: string, theme: string, file: string) => {
    const key = exampleKey(text);
    if (seen.has(key)) return;
    seen.add(key);
    docs.push({ features: featuresOf(text), label: theme, file });
  };
  for (const file of content.examples) for (const text of [...file.nl, ...file.en]) add(text, file.theme, CONTENT_EXAMPLES);
  for (const theme of content.themes) {
    for (const v of [theme.vocabulary, ...theme.subthemes.map((s) => s.vocabulary)]) {
      for (const text of [...v.nl.examples, ...v.en.examples]) add(text, theme.id, VOCABULARY_EXAMPLES);
    }
  }
  return { docs, keysByFile, lines };
}

function classesOf(content: Content): string[] {
  return [...content.themes.map((t) => t.id).sort(), NO_THEME_CLASS];
}

function modelFile(content: Content, data: Data, docs: readonly Doc[], weight: number, crossValidation: ThemeModelFile['crossValidation']): ThemeModelFile {
  const classes = classesOf(content);
  const sources = [...new Set(data.docs.map((d) => d.file))];
  return {
    version: 1,
    trainedOn: sources.map((file) => ({ file, lines: docs.filter((d) => d.file === file).length })),
    classes,
    weight,
    crossValidation,
    ...train(docs, classes),
  };
}

/** Leave each labelled file out once (of the model and of the examples); themes right per weight. */
function crossValidate(content: Content, data: Data): { weight: number; table: ThemeModelFile['crossValidation'] } {
  const right = new Map<number, number>(WEIGHTS.map((w) => [w, 0]));
  const perFile: Array<{ file: string; lines: number; hits: Map<number, number> }> = [];
  for (const [file, keys] of data.keysByFile) {
    const docs = data.docs.filter((d) => d.file !== file);
    const trained = modelFile(content, data, docs, 0, []);
    const examples = content.examples.map((e) => ({
      ...e,
      nl: e.nl.filter((t) => !keys.has(exampleKey(t))),
      en: e.en.filter((t) => !keys.has(exampleKey(t))),
    }));
    const hits = new Map<number, number>();
    const lines = data.lines.get(file)!;
    for (const weight of WEIGHTS) {
      const engine = createUnderstanding({ ...content, examples, themeModel: { ...trained, weight } });
      let n = 0;
      for (const line of lines) if (engine.understand(line.text).theme === line.theme) n++;
      hits.set(weight, n);
      right.set(weight, right.get(weight)! + n);
    }
    perFile.push({ file, lines: lines.length, hits });
    console.log(`  ${file.padEnd(48)} ${WEIGHTS.map((w) => `${w}: ${((100 * hits.get(w)!) / lines.length).toFixed(1)}`).join('  ')}`);
  }
  const total = perFile.reduce((n, f) => n + f.lines, 0);
  let best = 0;
  for (const w of WEIGHTS) {
    console.log(`weight ${w}: ${right.get(w)} / ${total} themes right (${((100 * right.get(w)!) / total).toFixed(1)} %)`);
    if (right.get(w)! > right.get(best)!) best = w;
  }
  console.log(`chosen weight ${best}`);
  return {
    weight: best,
    table: perFile.map((f) => ({ file: f.file, lines: f.lines, withoutModel: f.hits.get(0)!, withModel: f.hits.get(best)! })),
  };
}

export function trainThemeModel(options: { crossValidate: boolean; weight?: number }): ThemeModelFile {
  const content = loadContentOrThrow(path.join(ROOT, 'content'));
  const data = loadData(content, trainingFiles());
  let weight = options.weight ?? 1;
  let table: ThemeModelFile['crossValidation'] = [];
  if (options.crossValidate) ({ weight, table } = crossValidate(content, data));
  return modelFile(content, data, data.docs, weight, table);
}

function main(): void {
  runTrainer<ThemeModelFile>({
    file: 'theme-model.json',
    command: 'npm run train:themes',
    train: (current) => trainThemeModel(current ? { crossValidate: false, weight: current.weight } : { crossValidate: true }),
    describe: (model) => `${Object.keys(model.weights).length} features, trained on ${model.trainedOn.reduce((n, f) => n + f.lines, 0)} messages`,
  });
}

if (require.main === module) main();
