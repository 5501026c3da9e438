// The engine with a real SQLite store: stored turns, serialization, concurrency, versions, sweep, privacy, stop.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openStore } from '../src/store/index.js';
import { ROOT } from './helpers.js';
import { testEngine } from './engine-helpers.js';

const dirs: string[] = [];
const tempDb = () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'keuzehulp-engine-'));
  dirs.push(dir);
  return path.join(dir, 'test.db');
};
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

describe('engine', () => {
  it('stores every turn and continues where it was', async () => {
    const { engine, store } = await testEngine();
    const first = await engine.turn('c1', { kind: 'start' });
    expect(first.state).toBe('askingSituation');
    const second = await engine.turn('c1', { kind: 'text', text: 'ik voel me zo eenzaam sinds mijn man is overleden' });
    expect(second.state).toBe('askingQuestions');
    const record = await store.get('c1');
    expect(record).toMatchObject({ state: 'askingQuestions', channel: 'unknown', language: 'nl', revision: 2 });
    const transcript = await store.transcript('c1');
    expect(transcript.map((e) => e.role)).toEqual(['bot', 'user', 'bot']);
    await store.close();
  });

  it('runs concurrent messages of one conversation one after the other, losing none', async () => {
    const { engine, store } = await testEngine();
    await engine.turn('c2', { kind: 'start' });
    const texts = Array.from({ length: 20 }, (_, i) => `bericht ${i}`);
    await Promise.all(texts.map((text) => engine.turn('c2', { kind: 'text', text })));
    const users = (await store.transcript('c2')).filter((e) => e.role === 'user').map((e) => e.text);
    expect(users).toEqual(texts);
    expect((await store.get('c2'))!.revision).toBe(21);
    await store.close();
  });

  it('two engines on one database file never overwrite each other', async () => {
    const file = tempDb();
    const a = await testEngine({ store: openStore(`sqlite:${file}`) });
    const b = await testEngine({ store: openStore(`sqlite:${file}`) });
    await a.engine.turn('c3', { kind: 'start' });
    await Promise.all([
      ...Array.from({ length: 10 }, (_, i) => a.engine.turn('c3', { kind: 'text', text: `a${i}` })),
      ...Array.from({ length: 10 }, (_, i) => b.engine.turn('c3', { kind: 'text', text: `b${i}` })),
    ]);
    const users = (await a.store.transcript('c3')).filter((e) => e.role === 'user').map((e) => e.text);
    expect(users.sort()).toEqual([...Array.from({ length: 10 }, (_, i) => `a${i}`), ...Array.from({ length: 10 }, (_, i) => `b${i}`)].sort());
    await a.store.close();
    await b.store.close();
  });

  it('restarts politely when the stored snapshot is from an older machine', async () => {
    const { engine, store } = await testEngine();
    await engine.turn('c4', { kind: 'start' });
    await engine.turn('c4', { kind: 'text', text: 'ik heb schulden' });
    const record = (await store.get('c4'))!;
    await store.commitTurn({ ...record, machineVersion: 0, snapshot: '{"broken":true}', revision: record.revision + 1 }, record.revision, []);
    const result = await engine.turn('c4', { kind: 'text', text: 'hallo' });
    expect(result.messages[0]!.text).toMatch(/vernieuwd/);
    expect(result.state).toBe('askingSituation');
    await store.close();
  });

  it('closes idle conversations kindly and deletes them after the retention period', async () => {
    let now = new Date('2026-11-23T10:00:00Z');
    const { engine, store, content } = await testEngine({ now: () => now });
    await engine.turn('c5', { kind: 'start' });
    await engine.turn('c5', { kind: 'text', text: 'ik zoek werk' });
    now = new Date('2026-11-23T10:20:00Z');
    expect(await engine.sweep()).toEqual({ expired: 0, deleted: 0 });
    now = new Date('2026-11-23T10:31:00Z');
    expect((await engine.sweep()).expired).toBe(1);
    expect((await store.get('c5'))!.state).toBe('closed');
    const transcript = await store.transcript('c5');
    expect(transcript.at(-1)!.text).toMatch(/tijdje niets getypt/);
    now = new Date(now.getTime() + (content.gemeente.retentionDays + 1) * 86_400_000);
    expect((await engine.sweep()).deleted).toBe(1);
    expect(await store.get('c5')).toBeNull();
    await store.close();
  });

  it('redacts BSN, IBAN, phone and e-mail before storing, in transcript and snapshot', async () => {
    const { engine, store } = await testEngine();
    await engine.turn('c6', { kind: 'start' });
    await engine.turn('c6', { kind: 'text', text: 'ik heb schulden, mijn bsn is 111222333, iban NL91ABNA0417164300, bel 06-12345678 of mail jan@example.nl' });
    const stored = JSON.stringify(await store.transcript('c6')) + (await store.get('c6'))!.snapshot;
    for (const secret of ['111222333', 'NL91ABNA0417164300', '12345678', 'jan@example.nl']) expect(stored).not.toContain(secret);
    expect(stored).toContain('[bsn]');
    expect(stored).toContain('[e-mail]');
    await store.close();
  });

  it('deletes the conversation at once when the person stops', async () => {
    const { engine, store } = await testEngine();
    await engine.turn('c7', { kind: 'start' });
    await engine.turn('c7', { kind: 'text', text: 'ik heb schulden' });
    expect((await engine.turn('c7', { kind: 'text', text: 'stop' })).state).toBe('confirmingStop');
    const done = await engine.turn('c7', { kind: 'text', text: 'ja' });
    expect(done.state).toBe('stopped');
    expect(done.deleted).toBe(true);
    expect(await store.get('c7')).toBeNull();
    expect(await store.transcript('c7')).toEqual([]);
    await store.close();
  });
});

/** Run `keuzehulp chat --json`, feed lines one by one, and resolve with the JSON turns printed so far. */
function chatProcess(databaseFile: string, conversation: string) {
  const child = spawn(process.execPath, [path.join(ROOT, 'bin', 'keuzehulp.js'), 'chat', '--json', '--conversation', conversation], {
    env: { ...process.env, DATABASE_URL: `sqlite:${databaseFile}` },
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  const turns: Array<Record<string, unknown>> = [];
  let buffer = '';
  const waiters: Array<() => void> = [];
  child.stdout.on('data', (chunk: Buffer) => {
    buffer += chunk.toString('utf8');
    let newline;
    while ((newline = buffer.indexOf('\n')) >= 0) {
      turns.push(JSON.parse(buffer.slice(0, newline)) as Record<string, unknown>);
      buffer = buffer.slice(newline + 1);
      waiters.splice(0).forEach((w) => w());
    }
  });
  const waitFor = (count: number) =>
    new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`timed out waiting for turn ${count}`)), 20_000);
      const check = () => (turns.length >= count ? (clearTimeout(timer), resolve()) : waiters.push(check));
      check();
    });
  return { child, turns, waitFor, say: (line: string) => child.stdin.write(`${line}\n`) };
}

describe('persistence across processes', () => {
  it('continues a conversation in a new process after the first was killed', async () => {
    const file = tempDb();
    const first = chatProcess(file, 'persist-1');
    await first.waitFor(1); // welcome
    first.say('mijn moeder heeft dementie en ik kan het niet meer aan');
    await first.waitFor(2);
    const before = first.turns[1]!;
    expect(before.state).toBe('askingQuestions');
    first.child.kill('SIGKILL');
    await new Promise((resolve) => first.child.on('exit', resolve));

    const second = chatProcess(file, 'persist-1');
    second.say('1');
    await second.waitFor(1);
    const after = second.turns[0]!;
    expect(after.conversationId).toBe('persist-1');
    // No welcome again: the answer was taken as the answer to the question that was open.
    const texts = (after.messages as Array<{ text: string }>).map((m) => m.text).join(' ');
    expect(texts).not.toMatch(/digitale hulp/);
    expect(['askingQuestions', 'askingNetwork']).toContain(after.state);
    second.child.stdin.end();
    await new Promise((resolve) => second.child.on('exit', resolve));

    const store = openStore(`sqlite:${file}`);
    const transcript = await store.transcript('persist-1');
    expect(transcript.filter((e) => e.role === 'user').map((e) => e.text)).toEqual(['mijn moeder heeft dementie en ik kan het niet meer aan', '1']);
    await store.close();
  });
});
