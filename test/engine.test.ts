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

  it('picks up a turn another process saved, instead of going on from its own actor in memory', async () => {
    const file = tempDb();
    const a = await testEngine({ store: openStore(`sqlite:${file}`) });
    const b = await testEngine({ store: openStore(`sqlite:${file}`) });
    await a.engine.turn('c8', { kind: 'start' });
    expect((await a.engine.turn('c8', { kind: 'text', text: 'ik heb schulden' })).context.themeId).toBe('geldzorgen');
    expect(a.engine.liveConversations).toBe(1);
    // The other process starts the conversation over; this process still holds the geldzorgen actor in memory.
    expect((await b.engine.turn('c8', { kind: 'text', text: 'opnieuw' })).state).toBe('askingSituation');
    const next = await a.engine.turn('c8', { kind: 'text', text: 'ik voel me zo eenzaam' });
    expect(next.context.themeId).toBe('eenzaamheid');
    expect(next.context.story).not.toContain('ik heb schulden');
    expect((await a.store.get('c8'))!.revision).toBe(4);
    await a.store.close();
    await b.store.close();
  });

  it('starts anew when another process deleted the conversation', async () => {
    const file = tempDb();
    const a = await testEngine({ store: openStore(`sqlite:${file}`) });
    const other = openStore(`sqlite:${file}`);
    await a.engine.turn('c9', { kind: 'start' });
    await a.engine.turn('c9', { kind: 'text', text: 'ik heb schulden' });
    expect(await other.delete('c9')).toBe(true);
    const next = await a.engine.turn('c9', { kind: 'text', text: 'ik zoek werk' });
    expect(next.context.story).toEqual(['ik zoek werk']);
    expect((await other.get('c9'))!.revision).toBe(1);
    expect((await other.transcript('c9')).filter((e) => e.role === 'user').map((e) => e.text)).toEqual(['ik zoek werk']);
    await a.store.close();
    await other.close();
  });

  it('keeps at most `liveActors` conversations in memory and continues the others from the store', async () => {
    const { engine, store } = await testEngine({ liveActors: 2 });
    const ids = ['m1', 'm2', 'm3', 'm4', 'm5'];
    for (const id of ids) await engine.turn(id, { kind: 'start' });
    expect(engine.liveConversations).toBe(2);
    for (const id of ids) expect((await engine.turn(id, { kind: 'text', text: 'ik zoek werk' })).context.themeId).toBe('werk-dagbesteding');
    for (const id of ids) expect((await store.get(id))!.revision).toBe(2);
    const none = await testEngine({ liveActors: 0 });
    await none.engine.turn('m6', { kind: 'start' });
    expect(none.engine.liveConversations).toBe(0);
    expect((await none.engine.turn('m6', { kind: 'text', text: 'ik zoek werk' })).context.themeId).toBe('werk-dagbesteding');
    await store.close();
    await none.store.close();
  });

  it('reports a failed save to the caller only (no unhandled rejection) and keeps serving the conversation', async () => {
    const store = openStore('sqlite::memory:');
    let failNext = false;
    const flaky = Object.assign(Object.create(store) as typeof store, {
      commitTurn: (...args: Parameters<typeof store.commitTurn>) =>
        failNext ? ((failNext = false), Promise.reject(new Error('disk full'))) : store.commitTurn(...args),
    });
    const { engine } = await testEngine({ store: flaky });
    const unhandled: unknown[] = [];
    const onUnhandled = (reason: unknown) => unhandled.push(reason);
    process.on('unhandledRejection', onUnhandled);
    try {
      await engine.turn('c10', { kind: 'start' });
      failNext = true;
      await expect(engine.turn('c10', { kind: 'text', text: 'ik heb schulden' })).rejects.toThrow('disk full');
      // The failed turn left nothing behind: the same message works now, from the stored state.
      const retried = await engine.turn('c10', { kind: 'text', text: 'ik heb schulden' });
      expect(retried.context.story).toEqual(['ik heb schulden']);
      expect((await store.get('c10'))!.revision).toBe(2);
      await new Promise((resolve) => setImmediate(resolve));
      expect(unhandled).toEqual([]);
    } finally {
      process.off('unhandledRejection', onUnhandled);
      await store.close();
    }
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
    now = new Date('2026-11-23T11:05:00Z');
    await engine.sweep();
    expect(engine.liveConversations).toBe(0);
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
    expect(engine.liveConversations).toBe(0);
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
