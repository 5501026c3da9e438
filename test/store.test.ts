// The ConversationStore contract, run against every real implementation (SQLite in memory and on file; PostgreSQL
// joins by calling describeStore), plus what only a SQLite file can show: WAL, migrations, a second connection.
import { existsSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openStore, type ConversationRecord, type ConversationStore, type TranscriptEntry } from '../src/store/index.js';
import { SqliteConversationStore } from '../src/store/sqlite.js';
import { MIGRATIONS } from '../src/store/sqlite-migrations.js';

// A second, independent connection for checks the interface cannot make (better-sqlite3 ships no types).
interface RawDb {
  prepare(sql: string): { get(...params: unknown[]): unknown; all(...params: unknown[]): unknown[]; run(...params: unknown[]): unknown };
  pragma(source: string, options: { simple: true }): unknown;
  close(): void;
}
const RawDatabase = require('better-sqlite3') as new (filename: string) => RawDb;

function withRaw<T>(filename: string, fn: (db: RawDb) => T): T {
  const db = new RawDatabase(filename);
  try {
    return fn(db);
  } finally {
    db.close();
  }
}

const T0 = '2025-01-01T09:00:00.000Z';

function record(id: string, overrides: Partial<ConversationRecord> = {}): ConversationRecord {
  return {
    id,
    channel: 'webchat',
    language: 'nl',
    state: 'askingSituation',
    snapshot: JSON.stringify({ status: 'active', value: 'askingSituation' }),
    machineVersion: 3,
    revision: 1,
    createdAt: T0,
    updatedAt: T0,
    lastActivityAt: T0,
    closed: false,
    ...overrides,
  };
}

const entry = (role: TranscriptEntry['role'], text: string, at = T0): TranscriptEntry => ({ role, text, at });

/** The shared contract: every ConversationStore implementation must pass this. `open` gives a fresh, empty store. */
export function describeStore(name: string, open: () => ConversationStore): void {
  describe(`ConversationStore contract: ${name}`, () => {
    let store: ConversationStore;
    beforeEach(() => {
      store = open();
    });
    afterEach(async () => {
      await store.close();
    });

    it('creates a conversation and reads it back unchanged', async () => {
      const created = record('c-1', { closed: true, state: 'done', machineVersion: 7 });
      expect(await store.commitTurn(created, 0, [])).toBe(true);
      expect(await store.get('c-1')).toEqual(created);
      expect(await store.get('unknown')).toBeNull();
    });

    it('refuses to create a conversation whose id exists, and changes nothing', async () => {
      await store.commitTurn(record('c-1'), 0, [entry('user', 'eerste')]);
      expect(await store.commitTurn(record('c-1', { state: 'other' }), 0, [entry('user', 'tweede')])).toBe(false);
      expect((await store.get('c-1'))?.state).toBe('askingSituation');
      expect(await store.transcript('c-1')).toEqual([entry('user', 'eerste')]);
    });

    it('updates when the revision matches and stores the new revision', async () => {
      await store.commitTurn(record('c-1'), 0, []);
      const next = record('c-1', { revision: 2, state: 'recommending', updatedAt: '2025-01-01T09:05:00.000Z' });
      expect(await store.commitTurn(next, 1, [])).toBe(true);
      expect(await store.get('c-1')).toEqual(next);
      // An update never rewrites when the conversation started.
      const moved = record('c-1', { revision: 3, createdAt: '2030-01-01T00:00:00.000Z' });
      await store.commitTurn(moved, 2, []);
      expect((await store.get('c-1'))?.createdAt).toBe(T0);
    });

    it('lets exactly one of two concurrent commits with the same expected revision win', async () => {
      await store.commitTurn(record('c-1'), 0, [entry('user', 'hallo')]);
      const a = record('c-1', { revision: 2, state: 'fromA' });
      const b = record('c-1', { revision: 2, state: 'fromB' });
      const results = await Promise.all([
        store.commitTurn(a, 1, [entry('bot', 'antwoord A')]),
        store.commitTurn(b, 1, [entry('bot', 'antwoord B')]),
      ]);
      expect(results.filter(Boolean)).toHaveLength(1);
      const winner = results[0] ? 'A' : 'B';
      expect((await store.get('c-1'))?.state).toBe(`from${winner}`);
      expect(await store.transcript('c-1')).toEqual([entry('user', 'hallo'), entry('bot', `antwoord ${winner}`)]);
      // A writer that read revision 1 is now stale.
      expect(await store.commitTurn(record('c-1', { revision: 2 }), 1, [])).toBe(false);
      expect(await store.commitTurn(record('unknown', { revision: 2 }), 1, [])).toBe(false);
      expect(await store.get('unknown')).toBeNull();
    });

    it('lets exactly one of two concurrent creates of the same id win', async () => {
      const results = await Promise.all([
        store.commitTurn(record('c-1', { channel: 'webchat' }), 0, [entry('user', 'via web')]),
        store.commitTurn(record('c-1', { channel: 'whatsapp' }), 0, [entry('user', 'via whatsapp')]),
      ]);
      expect(results.filter(Boolean)).toHaveLength(1);
      expect(await store.transcript('c-1')).toHaveLength(1);
    });

    it('keeps the transcript in order and appends across turns', async () => {
      await store.commitTurn(record('c-1'), 0, [entry('user', 'ik heb schulden'), entry('bot', 'Wat speelt er?')]);
      await store.commitTurn(record('c-1', { revision: 2 }), 1, []);
      await store.commitTurn(record('c-1', { revision: 3 }), 2, [
        entry('user', 'een deurwaarder', '2025-01-01T09:01:00.000Z'),
        entry('adviser', 'Ik help je verder', '2025-01-01T09:02:00.000Z'),
        entry('system', 'handoff.ended', '2025-01-01T09:03:00.000Z'),
      ]);
      await store.commitTurn(record('c-2'), 0, [entry('user', 'ander gesprek')]);
      expect(await store.transcript('c-1')).toEqual([
        entry('user', 'ik heb schulden'),
        entry('bot', 'Wat speelt er?'),
        entry('user', 'een deurwaarder', '2025-01-01T09:01:00.000Z'),
        entry('adviser', 'Ik help je verder', '2025-01-01T09:02:00.000Z'),
        entry('system', 'handoff.ended', '2025-01-01T09:03:00.000Z'),
      ]);
      expect(await store.transcript('c-2')).toEqual([entry('user', 'ander gesprek')]);
      expect(await store.transcript('unknown')).toEqual([]);
    });

    it('commits a turn all or nothing, without the message text in the error', async () => {
      const bad = [entry('user', 'mijn geheime tekst'), { role: 'hacker', text: 'mijn geheime tekst', at: T0 } as unknown as TranscriptEntry];
      const error = await store.commitTurn(record('c-1'), 0, bad).then(
        () => null,
        (e: unknown) => e,
      );
      expect(error).toBeInstanceOf(Error);
      expect((error as Error).message).not.toContain('geheime');
      expect(await store.get('c-1')).toBeNull();
      expect(await store.transcript('c-1')).toEqual([]);
    });

    it('saves turns handed over together each on their own: one failing turn leaves the others saved', async () => {
      const bad = [{ role: 'hacker', text: 'x', at: T0 } as unknown as TranscriptEntry];
      const outcomes = await Promise.allSettled([
        store.commitTurn(record('g-1'), 0, [entry('user', 'een')]),
        store.commitTurn(record('g-2'), 0, bad),
        store.commitTurn(record('g-3'), 0, [entry('user', 'drie')]),
        store.commitTurn(record('g-1'), 0, [entry('user', 'dubbel')]),
      ]);
      expect(outcomes.map((o) => o.status)).toEqual(['fulfilled', 'rejected', 'fulfilled', 'fulfilled']);
      expect(outcomes.map((o) => (o.status === 'fulfilled' ? o.value : null))).toEqual([true, null, true, false]);
      expect(await store.get('g-2')).toBeNull();
      expect(await store.transcript('g-1')).toEqual([entry('user', 'een')]);
      expect(await store.transcript('g-3')).toEqual([entry('user', 'drie')]);
    });

    it('rejects a save that does not bump the revision by one', async () => {
      await store.commitTurn(record('c-1'), 0, []);
      await expect(store.commitTurn(record('c-1', { revision: 1 }), 1, [])).rejects.toThrow(/revision/);
      await expect(store.commitTurn(record('c-2', { revision: 0 }), 0, [])).rejects.toThrow(/revision/);
      expect(await store.get('c-2')).toBeNull();
    });

    it('deletes a conversation together with its transcript', async () => {
      await store.commitTurn(record('c-1'), 0, [entry('user', 'vergeet mij'), entry('bot', 'Gedaan')]);
      await store.commitTurn(record('c-2'), 0, [entry('user', 'blijf')]);
      expect(await store.delete('c-1')).toBe(true);
      expect(await store.get('c-1')).toBeNull();
      expect(await store.transcript('c-1')).toEqual([]);
      expect(await store.delete('c-1')).toBe(false);
      // Leftover rows would surface in a new conversation with the same id.
      await store.commitTurn(record('c-1'), 0, [entry('user', 'opnieuw')]);
      expect(await store.transcript('c-1')).toEqual([entry('user', 'opnieuw')]);
      expect(await store.transcript('c-2')).toEqual([entry('user', 'blijf')]);
    });

    it('lists open idle conversations, oldest first, at most `limit`', async () => {
      const at = (minute: number) => `2025-01-01T10:${String(minute).padStart(2, '0')}:00.000Z`;
      await store.commitTurn(record('late', { lastActivityAt: at(30) }), 0, []);
      await store.commitTurn(record('oldest', { lastActivityAt: at(1) }), 0, []);
      await store.commitTurn(record('closed', { lastActivityAt: at(0), closed: true }), 0, []);
      await store.commitTurn(record('middle', { lastActivityAt: at(10) }), 0, []);
      await store.commitTurn(record('recent', { lastActivityAt: at(50) }), 0, []);
      await store.commitTurn(record('edge', { lastActivityAt: at(40) }), 0, []);

      const ids = async (before: string, limit: number) => (await store.listIdle(before, limit)).map((r) => r.id);
      expect(await ids(at(40), 100)).toEqual(['oldest', 'middle', 'late']);
      expect(await ids(at(40), 2)).toEqual(['oldest', 'middle']);
      expect(await ids(at(40), 0)).toEqual([]);
      expect(await ids(at(0), 100)).toEqual([]);
      expect((await store.listIdle(at(40), 1))[0]).toEqual(record('oldest', { lastActivityAt: at(1) }));

      // Closing a conversation takes it out of the sweep.
      await store.commitTurn(record('oldest', { lastActivityAt: at(1), closed: true, revision: 2 }), 1, []);
      expect(await ids(at(40), 100)).toEqual(['middle', 'late']);
    });

    it('deletes conversations last updated before the cut-off and counts them', async () => {
      const day = (d: number) => `2025-02-${String(d).padStart(2, '0')}T12:00:00.000Z`;
      for (const d of [1, 2, 3]) await store.commitTurn(record(`old-${d}`, { updatedAt: day(d) }), 0, [entry('user', 'oud')]);
      for (const d of [10, 11]) await store.commitTurn(record(`new-${d}`, { updatedAt: day(d) }), 0, [entry('user', 'nieuw')]);

      expect(await store.deleteUpdatedBefore(day(10))).toBe(3);
      for (const d of [1, 2, 3]) {
        expect(await store.get(`old-${d}`)).toBeNull();
        expect(await store.transcript(`old-${d}`)).toEqual([]);
      }
      for (const d of [10, 11]) expect(await store.transcript(`new-${d}`)).toEqual([entry('user', 'nieuw')]);
      expect(await store.deleteUpdatedBefore(day(10))).toBe(0);
    });

    it('answers ping', async () => {
      expect(await store.ping()).toBe(true);
    });

    it('rejects every call after close with a clear error', async () => {
      await store.close();
      await expect(store.get('c-1')).rejects.toThrow(/store is closed/);
      await expect(store.commitTurn(record('c-1'), 0, [])).rejects.toThrow(/store is closed/);
      await expect(store.transcript('c-1')).rejects.toThrow(/store is closed/);
      await expect(store.delete('c-1')).rejects.toThrow(/store is closed/);
      await expect(store.listIdle(T0, 10)).rejects.toThrow(/store is closed/);
      await expect(store.deleteUpdatedBefore(T0)).rejects.toThrow(/store is closed/);
      await expect(store.ping()).rejects.toThrow(/store is closed/);
    });

    it('handles 1,000 concurrent commits on different conversations', async () => {
      const ids = Array.from({ length: 1000 }, (_, i) => `bulk-${i}`);
      const results = await Promise.all(ids.map((id) => store.commitTurn(record(id), 0, [entry('user', id)])));
      expect(results.every((ok) => ok)).toBe(true);
      expect(await store.listIdle('9999-12-31T00:00:00.000Z', 5000)).toHaveLength(1000);
      expect(await store.transcript('bulk-999')).toEqual([entry('user', 'bulk-999')]);
    });
  });
}

const tempDir = mkdtempSync(path.join(os.tmpdir(), 'keuzehulp-store-'));
afterAll(() => rmSync(tempDir, { recursive: true, force: true }));
let fileCounter = 0;
const freshFile = () => path.join(tempDir, `db-${++fileCounter}`, 'keuzehulp.db');

describeStore('SQLite in memory', () => SqliteConversationStore.open(':memory:'));
describeStore('SQLite on file', () => SqliteConversationStore.open(freshFile()));

describe('SqliteConversationStore on a file', () => {
  const opened: SqliteConversationStore[] = [];
  const open = (filename: string) => {
    const store = SqliteConversationStore.open(filename);
    opened.push(store);
    return store;
  };
  afterEach(async () => {
    await Promise.all(opened.splice(0).map((s) => s.close()));
  });

  it('creates the parent folder and uses WAL journal mode', async () => {
    const filename = freshFile();
    expect(existsSync(path.dirname(filename))).toBe(false);
    const store = open(filename);
    await store.commitTurn(record('c-1'), 0, []);
    expect(existsSync(filename)).toBe(true);
    expect(withRaw(filename, (db) => db.pragma('journal_mode', { simple: true }))).toBe('wal');
  });

  it('checkpoints the WAL into the database file from a worker thread, not in the commits', async () => {
    const sizeOf = (file: string) => statSync(file).size;
    // One transaction each (awaited one by one, so no group commit): about 1,600 WAL pages in all.
    const writeMany = async (store: SqliteConversationStore, prefix: string) => {
      for (let i = 0; i < 400; i++) await store.commitTurn(record(`${prefix}-${i}`), 0, [entry('user', 'x'.repeat(500))]);
    };
    const waitForGrowth = async (file: string, from: number) => {
      for (let i = 0; i < 60 && sizeOf(file) <= from; i++) await new Promise((resolve) => setTimeout(resolve, 50));
      return sizeOf(file);
    };

    const withWorker = freshFile();
    const store = SqliteConversationStore.open(withWorker, { checkpointIntervalMs: 100 });
    const before = sizeOf(withWorker);
    await writeMany(store, 'w');
    // The commits themselves leave the pages in the WAL (no checkpoint below 10,000 pages) ...
    expect(sizeOf(withWorker)).toBe(before);
    // ... and the worker copies them into the database file while the store stays open.
    expect(await waitForGrowth(withWorker, before)).toBeGreaterThan(before + 100_000);
    await store.close();

    const without = freshFile();
    const plain = SqliteConversationStore.open(without, { backgroundCheckpoints: false, checkpointIntervalMs: 100 });
    const plainBefore = sizeOf(without);
    await writeMany(plain, 'p');
    await new Promise((resolve) => setTimeout(resolve, 400));
    // Without the worker, SQLite's own threshold of 1,000 pages applies: it checkpointed during the commits.
    expect(sizeOf(without)).toBeGreaterThan(plainBefore + 100_000);
    await plain.close();
  });

  it('writes turns already handed over before it closes', async () => {
    const file = freshFile();
    const store = SqliteConversationStore.open(file);
    const saving = store.commitTurn(record('late'), 0, [entry('user', 'laatste bericht')]);
    await store.close();
    expect(await saving).toBe(true);
    const reopened = SqliteConversationStore.open(file);
    expect(await reopened.transcript('late')).toEqual([entry('user', 'laatste bericht')]);
    await reopened.close();
  });

  it('keeps data across reopening and applies each migration only once', async () => {
    const filename = freshFile();
    const first = open(filename);
    await first.commitTurn(record('c-1'), 0, [entry('user', 'hallo')]);
    await first.close();
    const readMigrations = () => withRaw(filename, (db) => db.prepare('SELECT version, applied_at FROM schema_migrations ORDER BY version').all());
    const before = readMigrations();
    expect(before.map((row) => (row as { version: number }).version)).toEqual(MIGRATIONS.map((m) => m.version));

    const second = open(filename);
    expect(await second.get('c-1')).toEqual(record('c-1'));
    expect(await second.transcript('c-1')).toEqual([entry('user', 'hallo')]);
    expect(readMigrations()).toEqual(before);
  });

  it('removes transcript rows on delete and on retention (seen from another connection)', async () => {
    const filename = freshFile();
    const store = open(filename);
    await store.commitTurn(record('c-1'), 0, [entry('user', 'a'), entry('bot', 'b')]);
    await store.commitTurn(record('c-2', { updatedAt: '2020-01-01T00:00:00.000Z' }), 0, [entry('user', 'c')]);
    await store.commitTurn(record('c-3'), 0, [entry('user', 'd')]);
    const rows = (id: string) =>
      withRaw(filename, (db) => (db.prepare('SELECT COUNT(*) AS n FROM transcript WHERE conversation_id = ?').get(id) as { n: number }).n);
    expect(rows('c-1')).toBe(2);

    expect(await store.delete('c-1')).toBe(true);
    expect(rows('c-1')).toBe(0);
    expect(await store.deleteUpdatedBefore('2021-01-01T00:00:00.000Z')).toBe(1);
    expect(rows('c-2')).toBe(0);
    expect(rows('c-3')).toBe(1);
  });

  it('refuses a database written by a newer schema', async () => {
    const filename = freshFile();
    await open(filename).close();
    withRaw(filename, (db) => db.prepare("INSERT INTO schema_migrations (version, applied_at) VALUES (999, 'x')").run());
    expect(() => open(filename)).toThrow(/newer than this program knows/);
  });
});

describe('openStore', () => {
  it('opens sqlite::memory:', async () => {
    const store = openStore('sqlite::memory:');
    expect(await store.ping()).toBe(true);
    await store.close();
  });

  it('resolves a relative sqlite: path against the working directory, and accepts an absolute one', async () => {
    const filename = freshFile();
    const relative = openStore(`sqlite:${path.relative(process.cwd(), filename)}`);
    await relative.commitTurn(record('c-1'), 0, []);
    await relative.close();
    expect(existsSync(filename)).toBe(true);
    const absolute = openStore(`sqlite:${filename}`);
    expect(await absolute.get('c-1')).toEqual(record('c-1'));
    await absolute.close();
  });

  it('names the supported schemes for anything else, without echoing the URL', () => {
    expect(() => openStore('postgres://keuzehulp:geheim@db/keuzehulp')).toThrow(/sqlite:.*memory/);
    expect(() => openStore('postgres://keuzehulp:geheim@db/keuzehulp')).not.toThrow(/geheim/);
    expect(() => openStore('sqlite:')).toThrow(/sqlite:/);
    expect(() => openStore('sqlite://host/x.db')).toThrow(/sqlite:/);
    expect(() => openStore('data/keuzehulp.db')).toThrow(/supported/);
  });
});
