// Benchmark: dialogue turns in-process with SQLite on disk. Prints turns/s, p50/p99 turn latency and bytes stored
// per conversation. Run with `npm run bench:engine`. Targets: ≥ 2,000 turns/s and p99 ≤ 5 ms on 2 cores.
import { mkdtempSync, rmSync, statSync, existsSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { loadContentOrThrow } from '../src/content/load.js';
import { createI18n } from '../src/content/i18n.js';
import { createUnderstanding } from '../src/understanding/index.js';
import { openStore } from '../src/store/index.js';
import { Engine, type TurnInput } from '../src/engine/engine.js';
import { percentile } from '../src/understanding/evaluate.js';
import { packageRoot } from '../src/config.js';

const CONVERSATIONS = Number(process.env.BENCH_CONVERSATIONS ?? 1000);
/** Conversations in flight at once (turns of different conversations interleave, as on a server). */
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 20);
/** Conversations run before measuring, so the figures show a warm server (JIT-compiled code), not start-up. */
const WARM_UP = Number(process.env.BENCH_WARM_UP ?? 200);

/** Full conversations as people have them: a story, answers by number and text, network, advice, follow-ups. */
const SCRIPTS: TurnInput[][] = [
  ['ik heb schulden en de deurwaarder komt', '1', 'nee', '2', 'een beetje', 'nee', '3', 'klaar', '4'],
  ['mijn moeder heeft dementie en ik kan het niet meer aan', 'voor iemand anders', '2', '1', 'ja', 'nee', 'nee', '5', '4'],
  ['ik voel me zo eenzaam sinds mijn man er niet meer is', '1', '2', 'weet ik niet', 'nee', '1', '2', '5', '3'],
  ['I lost my job and need help finding work', '2', '1', 'yes', 'a bit', 'no', 'done', '5'],
].map((lines) => lines.map((text) => ({ kind: 'text', text }) as TurnInput));

async function main(): Promise<void> {
  const root = packageRoot();
  const content = loadContentOrThrow(path.join(root, 'content'));
  const dir = mkdtempSync(path.join(os.tmpdir(), 'keuzehulp-bench-'));
  const file = path.join(dir, 'bench.db');
  const store = openStore(`sqlite:${file}`);
  const engine = new Engine({ content, understander: createUnderstanding(content), store, i18n: await createI18n(content) });

  // Warm-up: conversations that are not measured.
  for (let i = 0; i < WARM_UP; i++) for (const input of [{ kind: 'start' } as TurnInput, ...SCRIPTS[i % SCRIPTS.length]!]) await engine.turn(`warm-${i}`, input);

  const timings: number[] = [];
  let next = 0;
  const started = performance.now();
  async function worker(): Promise<void> {
    while (next < CONVERSATIONS) {
      const n = next++;
      const id = `bench-${n}`;
      for (const input of [{ kind: 'start' } as TurnInput, ...SCRIPTS[n % SCRIPTS.length]!]) {
        const t0 = performance.now();
        await engine.turn(id, input, { channel: 'bench' });
        timings.push(performance.now() - t0);
      }
    }
  }
  await Promise.all(Array.from({ length: CONCURRENCY }, worker));
  const seconds = (performance.now() - started) / 1000;
  timings.sort((a, b) => a - b);

  // Latency (after the load, so code is warm): one turn at a time, as one conversation sees it (no queueing behind other conversations).
  const single: number[] = [];
  for (let i = 0; i < 100; i++) {
    for (const input of [{ kind: 'start' } as TurnInput, ...SCRIPTS[i % SCRIPTS.length]!]) {
      const t0 = performance.now();
      await engine.turn(`single-${i}`, input, { channel: 'bench' });
      single.push(performance.now() - t0);
    }
  }
  single.sort((a, b) => a - b);


  await store.close();
  const bytes = ['', '-wal', '-shm'].reduce((sum, suffix) => sum + (existsSync(file + suffix) ? statSync(file + suffix).size : 0), 0);
  const conversations = CONVERSATIONS + WARM_UP + 100;
  console.log(`engine turns with SQLite on disk (${CONVERSATIONS} conversations, ${CONCURRENCY} at once, Node ${process.version})`);
  console.log(`turns        ${timings.length}`);
  console.log(`throughput   ${Math.round(timings.length / seconds)} turns/s`);
  console.log(`latency      p50 ${percentile(single, 50).toFixed(2)} ms  p99 ${percentile(single, 99).toFixed(2)} ms  max ${single.at(-1)!.toFixed(2)} ms (one turn at a time, ${single.length} turns)`);
  console.log(`under load   p50 ${percentile(timings, 50).toFixed(2)} ms  p99 ${percentile(timings, 99).toFixed(2)} ms (${CONCURRENCY} conversations at once: includes waiting for the others)`);
  console.log(`storage      ${Math.round(bytes / conversations)} bytes per conversation (database file incl. WAL, ${(bytes / 1e6).toFixed(1)} MB total)`);
  console.log('targets: ≥ 2000 turns/s, p99 ≤ 5 ms');
  rmSync(dir, { recursive: true, force: true });
}

void main();
