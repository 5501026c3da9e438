// Benchmark: latency of understand() with the shipped content and with the content scaled ×20.
// Prints figures; run with `npm run bench:understanding`. Targets: p99 ≤ 2 ms (shipped), ≤ 10 ms (×20).
import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { loadContentOrThrow } from '../src/content/load.js';
import type { Content } from '../src/content/types.js';
import type { ExampleFile, OfferingFile, ThemeFile, Vocabulary } from '../src/content/schema.js';
import { createUnderstanding } from '../src/understanding/index.js';
import { percentile } from '../src/understanding/evaluate.js';
import { packageRoot } from '../src/config.js';

const ROOT = packageRoot();
const ITERATIONS = Number(process.env.BENCH_ITERATIONS ?? 20_000);

/** Deterministic pseudo-random numbers (mulberry32), so every run measures the same inputs. */
export function random(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const SYLLABLES = ['ver', 'be', 'ont', 'ge', 'zorg', 'huis', 'werk', 'geld', 'buurt', 'hulp', 'kind', 'lijk', 'heid', 'ing', 'plan', 'punt', 'steun', 'raad', 'dienst', 'pas'];

/** A Dutch-looking word that is not in the shipped vocabulary. */
function pseudoWord(next: () => number, base: string): string {
  const a = SYLLABLES[Math.floor(next() * SYLLABLES.length)]!;
  const b = SYLLABLES[Math.floor(next() * SYLLABLES.length)]!;
  return `${a}${base.slice(0, 3)}${b}${Math.floor(next() * 90 + 10)}`.replace(/\d+/, (d) => 'xyzqw'[Number(d) % 5]!.repeat(2));
}

function scaleVocabulary(vocabulary: Vocabulary, next: () => number): Vocabulary {
  return {
    words: vocabulary.words.map((w) => pseudoWord(next, w)),
    phrases: vocabulary.phrases.map((p) => p.split(' ').map((w) => (next() < 0.5 ? pseudoWord(next, w) : w)).join(' ')),
    examples: vocabulary.examples.map((e) => e.split(' ').map((w) => (next() < 0.3 ? pseudoWord(next, w) : w)).join(' ')),
  };
}

/** The shipped content plus 19 generated copies of every theme and offering, with new vocabulary. */
export function scaleContent(content: Content, factor: number): Content {
  const next = random(42);
  const themes: ThemeFile[] = [...content.themes];
  const offerings: OfferingFile[] = [...content.offerings];
  const examples: ExampleFile[] = [...content.examples];
  for (let copy = 1; copy < factor; copy++) {
    for (const theme of content.themes) {
      themes.push({
        ...theme,
        id: `${theme.id}-${copy}`,
        order: theme.order + copy * 100,
        vocabulary: { nl: scaleVocabulary(theme.vocabulary.nl, next), en: scaleVocabulary(theme.vocabulary.en, next) },
        subthemes: theme.subthemes.map((s) => ({ ...s, vocabulary: { nl: scaleVocabulary(s.vocabulary.nl, next), en: scaleVocabulary(s.vocabulary.en, next) } })),
      });
    }
    for (const offering of content.offerings) {
      offerings.push({ ...offering, id: `${offering.id}-${copy}`, themes: offering.themes.map((t) => `${t}-${copy}`) });
    }
    for (const file of content.examples) {
      const scale = (list: string[]) => list.map((e) => e.split(' ').map((w) => (next() < 0.3 ? pseudoWord(next, w) : w)).join(' '));
      examples.push({ ...file, theme: `${file.theme}-${copy}`, nl: scale(file.nl), en: scale(file.en) });
    }
  }
  return {
    ...content,
    themes,
    offerings,
    examples,
    themeById: new Map(themes.map((t) => [t.id, t])),
    offeringById: new Map(offerings.map((o) => [o.id, o])),
  };
}

function inputs(): string[] {
  const dir = path.join(ROOT, 'test', 'understanding');
  const texts: string[] = [];
  for (const file of readdirSync(dir).filter((f) => f.endsWith('.jsonl'))) {
    for (const line of readFileSync(path.join(dir, file), 'utf8').split('\n')) {
      if (line.trim()) texts.push((JSON.parse(line) as { text: string }).text);
    }
  }
  // Typed variants the caches have not seen: each run of the loop meets new words too.
  const next = random(7);
  const variants = texts.map((t) => t.replace(/[aeiou]/, () => 'aeiou'[Math.floor(next() * 5)]!));
  return [...texts, ...variants];
}

function measure(name: string, content: Content, texts: string[]): void {
  // With `node --expose-gc` (as `npm run bench:understanding` runs it), the memory the index keeps is measured too.
  const collect = (globalThis as { gc?: () => void }).gc;
  collect?.();
  const heapBeforeBuild = process.memoryUsage().heapUsed;
  const t0 = performance.now();
  const understander = createUnderstanding(content);
  const buildMs = performance.now() - t0;
  collect?.();
  const indexHeap = collect ? `  index heap ${((process.memoryUsage().heapUsed - heapBeforeBuild) / 1e6).toFixed(0)} MB` : '';
  const vocabularyWords = content.themes.reduce(
    (n, t) => n + t.vocabulary.nl.words.length + t.vocabulary.en.words.length + t.vocabulary.nl.phrases.length + t.vocabulary.en.phrases.length,
    0,
  );
  const timings: number[] = [];
  const heapBefore = process.memoryUsage().heapUsed;
  for (let i = 0; i < ITERATIONS; i++) {
    const text = texts[i % texts.length]!;
    const start = performance.now();
    understander.understand(text);
    timings.push(performance.now() - start);
  }
  // First pass: every message new to the caches (stems, typo corrections), as after a restart.
  const cold = timings.slice(0, texts.length).sort((a, b) => a - b);
  timings.sort((a, b) => a - b);
  const total = timings.reduce((a, b) => a + b, 0);
  const exampleCount = content.examples.reduce((n, e) => n + e.nl.length + e.en.length, 0);
  console.log(
    `${name.padEnd(16)} themes ${String(content.themes.length).padStart(4)}  offerings ${String(content.offerings.length).padStart(5)}  ` +
      `vocabulary ${String(vocabularyWords).padStart(6)}  examples ${String(exampleCount).padStart(6)}  index build ${buildMs.toFixed(0).padStart(5)} ms  ` +
      `p50 ${percentile(timings, 50).toFixed(3)} ms  p99 ${percentile(timings, 99).toFixed(3)} ms  max ${timings.at(-1)!.toFixed(2)} ms  ` +
      `${Math.round(ITERATIONS / (total / 1000))} msg/s  heap +${((process.memoryUsage().heapUsed - heapBefore) / 1e6).toFixed(1)} MB${indexHeap}`,
  );
  console.log(`${''.padEnd(16)} first pass (cold caches, ${cold.length} messages): p50 ${percentile(cold, 50).toFixed(3)} ms  p99 ${percentile(cold, 99).toFixed(3)} ms`);
}

function main(): void {
  const content = loadContentOrThrow(path.join(ROOT, 'content'));
  const texts = inputs();
  console.log(`understand() over ${ITERATIONS} messages (${texts.length} distinct), Node ${process.version}`);
  measure('shipped', content, texts);
  measure('scaled x20', scaleContent(content, 20), texts);
  console.log('targets: p99 ≤ 2 ms (shipped), p99 ≤ 10 ms (scaled x20)');
}

if (require.main === module) main();
