// Benchmark: N concurrent Direct Line conversations (default 200) walking full conversations over the WebSocket
// stream, against the product; then the same load against a botbuilder echo bot behind the same Direct Line, and
// a bare restify hello route. Each server runs in its own process; this process only generates load.
// Prints p50/p99 turn latency, turns/s and the ratios. Targets: p99 ≤ 50 ms at 200 conversations, ≥ 50 % of the
// echo bot's throughput. Run with `npm run bench:http` (BENCH_HTTP_CONVERSATIONS to change N).
import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import WebSocket from 'ws';
import { percentile } from '../src/understanding/evaluate.js';

const N = Number(process.env.BENCH_HTTP_CONVERSATIONS ?? 200);
/** Pause between a person's messages in the latency phase (people read and type); 0 in the throughput phase. */
const THINK_MS = Number(process.env.BENCH_HTTP_THINK_MS ?? 2000);
const SCRIPT = ['ik heb schulden en de deurwaarder komt', '1', 'nee', '2', 'een beetje', 'nee', '3', 'klaar', '4'];

interface Result {
  turns: number;
  seconds: number;
  latencies: number[];
}

async function startServer(mode: string): Promise<{ port: number; child: ChildProcess }> {
  const child = spawn(process.execPath, [path.join(__dirname, 'bench-http-server.js'), mode], { stdio: ['ignore', 'pipe', 'inherit'] });
  const port = await new Promise<number>((resolve, reject) => {
    let out = '';
    child.stdout!.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const match = /listening (\d+)/.exec(out);
      if (match) resolve(Number(match[1]));
    });
    child.on('exit', (code) => reject(new Error(`${mode} server exited with ${code}`)));
  });
  return { port, child };
}

async function stop(child: ChildProcess): Promise<void> {
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGTERM');
  await exited;
}

/** One conversation over Direct Line: token, start, stream; each turn timed from POST to the bot's turn end. */
async function conversation(base: string, latencies: number[], thinkMs = 0): Promise<number> {
  // People do not all open the chat in the same millisecond: spread the starts over one pause.
  if (thinkMs > 0) await new Promise((resolve) => setTimeout(resolve, Math.random() * thinkMs));
  const issued = (await (await fetch(`${base}/api/webchat/token`, { method: 'POST' })).json()) as { token: string; conversationId: string };
  const headers = { Authorization: `Bearer ${issued.token}`, 'Content-Type': 'application/json' };
  const started = (await (await fetch(`${base}/v3/directline/conversations`, { method: 'POST', headers })).json()) as { streamUrl: string };
  const socket = new WebSocket(started.streamUrl);
  let waiting: (() => void) | null = null;
  let ends = 0;
  socket.on('message', (data) => {
    const text = data.toString();
    if (!text) return;
    const set = JSON.parse(text) as { activities: Array<{ from?: { role?: string }; channelData?: { keuzehulp?: unknown } }> };
    for (const a of set.activities) {
      if (a.from?.role === 'bot' && a.channelData?.keuzehulp) {
        ends++;
        waiting?.();
      }
    }
  });
  await new Promise((resolve, reject) => {
    socket.once('open', resolve);
    socket.once('error', reject);
  });
  const turnEnd = (count: number) =>
    new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error('turn timed out')), 30_000);
      const check = () => {
        if (ends >= count) {
          clearTimeout(timer);
          waiting = null;
          resolve();
        }
      };
      waiting = check;
      check();
    });
  await turnEnd(1); // the welcome
  let turns = 0;
  for (const text of SCRIPT) {
    // Paced like people: a pause with some spread, so the conversations do not all type at the same moment.
    if (thinkMs > 0) await new Promise((resolve) => setTimeout(resolve, thinkMs * (0.5 + Math.random())));
    const t0 = performance.now();
    const expected = ends + 1;
    await fetch(`${base}/v3/directline/conversations/${issued.conversationId}/activities`, {
      method: 'POST',
      headers,
      body: JSON.stringify({ type: 'message', text, from: { id: 'bench' } }),
    });
    await turnEnd(expected);
    latencies.push(performance.now() - t0);
    turns++;
  }
  socket.close();
  return turns;
}

async function directLineLoad(port: number, thinkMs: number): Promise<Result> {
  const base = `http://127.0.0.1:${port}`;
  // Warm-up: a few conversations first, so JIT and caches are warm as on a running server.
  await Promise.all(Array.from({ length: 20 }, () => conversation(base, [])));
  const latencies: number[] = [];
  const t0 = performance.now();
  const turns = (await Promise.all(Array.from({ length: N }, () => conversation(base, latencies, thinkMs)))).reduce((a, b) => a + b, 0);
  return { turns, seconds: (performance.now() - t0) / 1000, latencies };
}

async function helloLoad(port: number, requests: number): Promise<Result> {
  const url = `http://127.0.0.1:${port}/hello`;
  for (let i = 0; i < 200; i++) await (await fetch(url)).text();
  const latencies: number[] = [];
  let next = 0;
  const t0 = performance.now();
  await Promise.all(
    Array.from({ length: N }, async () => {
      while (next++ < requests) {
        const s = performance.now();
        await (await fetch(url)).text();
        latencies.push(performance.now() - s);
      }
    }),
  );
  return { turns: requests, seconds: (performance.now() - t0) / 1000, latencies };
}

function line(label: string, r: Result, unit: string): string {
  const sorted = [...r.latencies].sort((a, b) => a - b);
  return `${label.padEnd(22)} ${String(Math.round(r.turns / r.seconds)).padStart(6)} ${unit}/s   p50 ${percentile(sorted, 50).toFixed(1).padStart(6)} ms   p99 ${percentile(sorted, 99).toFixed(1).padStart(6)} ms   (${r.turns} ${unit})`;
}

async function main(): Promise<void> {
  const results: Record<string, Result> = {};
  let paced: Result | null = null;
  for (const mode of ['keuzehulp', 'echo'] as const) {
    const { port, child } = await startServer(mode);
    try {
      // Latency: N conversations at once, paced like people. Throughput: the same N as fast as they can.
      if (mode === 'keuzehulp') paced = await directLineLoad(port, THINK_MS);
      results[mode] = await directLineLoad(port, 0);
    } finally {
      await stop(child);
    }
  }
  const { port, child } = await startServer('hello');
  try {
    results['hello'] = await helloLoad(port, results['keuzehulp']!.turns * 2);
  } finally {
    await stop(child);
  }
  const k = results['keuzehulp']!;
  const e = results['echo']!;
  const h = results['hello']!;
  const rate = (r: Result) => r.turns / r.seconds;
  const p99 = (r: Result) => percentile([...r.latencies].sort((a, b) => a - b), 99);
  console.log(`Direct Line over WebSocket: ${N} conversations at once, ${SCRIPT.length} turns each (Node ${process.version}, ${require('node:os').cpus().length} cores; load generator and server share them)`);
  console.log(`latency, paced like people (${THINK_MS} ms ± 50 % between messages):`);
  console.log(line('keuzehulp', paced!, 'turns'));
  console.log('throughput, every conversation as fast as it can (closed loop):');
  console.log(line('keuzehulp', k, 'turns'));
  console.log(line('echo bot (same DL)', e, 'turns'));
  console.log(line('restify hello route', h, 'requests'));
  console.log(`ratios                 keuzehulp/echo ${(rate(k) / rate(e)).toFixed(2)}   keuzehulp/hello ${(rate(k) / rate(h)).toFixed(2)}   echo/hello ${(rate(e) / rate(h)).toFixed(2)}`);
  console.log(`targets                p99 ≤ 50 ms at ${N} conversations: ${p99(paced!) <= 50 ? 'met' : 'NOT met'} (${p99(paced!).toFixed(1)} ms); ≥ 50 % of the echo bot: ${rate(k) / rate(e) >= 0.5 ? 'met' : 'NOT met'} (${Math.round((100 * rate(k)) / rate(e))} %)`);
}

void main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
