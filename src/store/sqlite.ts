// The embedded conversation store: SQLite through better-sqlite3, one file under data/ (or ':memory:' in tests).
// better-sqlite3 is synchronous; the methods are async anyway so PostgreSQL can implement the same interface.
// Privacy: no error thrown here carries message text, only ids, counts and SQLite error codes.
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { MIGRATIONS, type Migration } from './sqlite-migrations.js';
import { SAFETY_NET_AUTOCHECKPOINT_PAGES, startCheckpointer, type Checkpointer } from './sqlite-checkpointer.js';
import type { ConversationRecord, ConversationStore, Role, TranscriptEntry } from './types.js';
import type { DeskStore } from './desk-types.js';
import { SqliteDeskStore } from './sqlite-desk.js';

// better-sqlite3 ships no types; the small part used here is described by hand (fewer moving parts than
// @types/better-sqlite3). Loaded with require() because an untyped `import` fails under `strict`.
export interface RunResult {
  changes: number;
}
export interface Statement<Row> {
  run(...params: unknown[]): RunResult;
  get(...params: unknown[]): Row | undefined;
  all(...params: unknown[]): Row[];
}
export interface Transaction<Args extends unknown[], Result> {
  (...args: Args): Result;
  /** BEGIN IMMEDIATE: take the write lock up front, so two processes never deadlock upgrading a read lock. */
  immediate(...args: Args): Result;
}
export interface Database {
  prepare<Row = unknown>(sql: string): Statement<Row>;
  exec(sql: string): void;
  pragma(source: string, options: { simple: true }): unknown;
  transaction<Args extends unknown[], Result>(fn: (...args: Args) => Result): Transaction<Args, Result>;
  close(): void;
}
type DatabaseConstructor = new (filename: string, options?: { timeout?: number }) => Database;
const BetterSqlite = require('better-sqlite3') as DatabaseConstructor;

const BUSY_TIMEOUT_MS = 5000;

interface ConversationRow {
  id: string;
  channel: string;
  language: string;
  state: string;
  snapshot: string;
  machine_version: number;
  revision: number;
  created_at: string;
  updated_at: string;
  last_activity_at: string;
  closed: number;
}

interface TranscriptRow {
  role: Role;
  text: string;
  at: string;
}

const CONVERSATION_COLUMNS =
  'id, channel, language, state, snapshot, machine_version, revision, created_at, updated_at, last_activity_at, closed';

function toRecord(row: ConversationRow): ConversationRecord {
  return {
    id: row.id,
    channel: row.channel,
    language: row.language,
    state: row.state,
    snapshot: row.snapshot,
    machineVersion: row.machine_version,
    revision: row.revision,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    lastActivityAt: row.last_activity_at,
    closed: row.closed === 1,
  };
}

/** Named parameters for the conversation statements (better-sqlite3 binds no booleans, so `closed` is 0/1). */
function toParams(record: ConversationRecord) {
  return {
    id: record.id,
    channel: record.channel,
    language: record.language,
    state: record.state,
    snapshot: record.snapshot,
    machine_version: record.machineVersion,
    revision: record.revision,
    created_at: record.createdAt,
    updated_at: record.updatedAt,
    last_activity_at: record.lastActivityAt,
    closed: record.closed ? 1 : 0,
  };
}

function isInMemory(filename: string): boolean {
  return filename === ':memory:' || filename === '';
}

/** Apply every migration the database has not seen yet, each once and in its own transaction. */
function migrate(db: Database, migrations: readonly Migration[]): void {
  for (let i = 1; i < migrations.length; i++) {
    if (migrations[i]!.version <= migrations[i - 1]!.version) {
      throw new Error(`SQLite migrations must have strictly increasing versions (see version ${migrations[i]!.version})`);
    }
  }
  db.exec('CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, applied_at TEXT NOT NULL)');
  const latestKnown = migrations.at(-1)?.version ?? 0;
  const newest = db.prepare<{ version: number | null }>('SELECT MAX(version) AS version FROM schema_migrations').get();
  if (newest?.version != null && newest.version > latestKnown) {
    throw new Error(
      `The database schema is at version ${newest.version}, newer than this program knows (${latestKnown}); ` +
        'upgrade the program or use another database file',
    );
  }
  const isApplied = db.prepare('SELECT 1 FROM schema_migrations WHERE version = ?');
  const markApplied = db.prepare('INSERT INTO schema_migrations (version, applied_at) VALUES (?, ?)');
  for (const migration of migrations) {
    // Checked again inside the write lock: another process may have applied it since we looked.
    db.transaction(() => {
      if (isApplied.get(migration.version) !== undefined) return;
      db.exec(migration.sql);
      markApplied.run(migration.version, new Date().toISOString());
    }).immediate();
  }
}

interface PendingCommit {
  record: ConversationRecord;
  expectedRevision: number;
  entries: TranscriptEntry[];
  resolve(saved: boolean): void;
  reject(error: unknown): void;
}

type CommitOutcome = { saved: boolean } | { error: unknown };

export class SqliteConversationStore implements ConversationStore {
  private db: Database | null;
  private readonly statements: ReturnType<typeof prepareStatements>;
  private readonly commitTransaction: Transaction<[ConversationRecord, number, TranscriptEntry[]], boolean>;
  private readonly appendTransaction: Transaction<[string, TranscriptEntry[]], boolean>;
  private readonly commitBatch: Transaction<[PendingCommit[]], CommitOutcome[]>;
  /**
   * Group commit: turns saved during one pass of the event loop share one transaction (one WAL write), so many
   * conversations at once cost little more than one. Each turn still waits for its own commit before it answers.
   */
  private pending: PendingCommit[] = [];
  private flushing: Promise<void> | null = null;
  private checkpointer: Checkpointer | null = null;
  private deskStore: SqliteDeskStore | null = null;

  private constructor(db: Database) {
    this.db = db;
    const s = prepareStatements(db);
    this.statements = s;
    this.commitTransaction = db.transaction(
      (record: ConversationRecord, expectedRevision: number, entries: TranscriptEntry[]): boolean => {
        const params = toParams(record);
        if (expectedRevision === 0) {
          if (s.insertConversation.run(params).changes === 0) return false;
        } else if (s.updateConversation.run({ ...params, expected_revision: expectedRevision }).changes === 0) {
          return false;
        }
        let seq = s.lastSeq.get(record.id)?.seq ?? 0;
        for (const entry of entries) {
          seq += 1;
          s.appendEntry.run({ conversation_id: record.id, seq, role: entry.role, text: entry.text, at: entry.at });
        }
        return true;
      },
    );
    this.appendTransaction = db.transaction((id: string, entries: TranscriptEntry[]): boolean => {
      if (s.touchConversation.run(entries.at(-1)?.at ?? new Date().toISOString(), id).changes === 0) return false;
      let seq = s.lastSeq.get(id)?.seq ?? 0;
      for (const entry of entries) {
        seq += 1;
        s.appendEntry.run({ conversation_id: id, seq, role: entry.role, text: entry.text, at: entry.at });
      }
      return true;
    });
    // Each turn in its own savepoint (a nested better-sqlite3 transaction): one that fails leaves the others intact.
    this.commitBatch = db.transaction((batch: PendingCommit[]): CommitOutcome[] =>
      batch.map((item) => {
        try {
          return { saved: this.commitTransaction(item.record, item.expectedRevision, item.entries) };
        } catch (error) {
          return { error };
        }
      }),
    );
  }

  /**
   * Open (and migrate) a database file, creating its folder; ':memory:' gives a private in-memory database.
   * A file database checkpoints its WAL from a worker thread unless `backgroundCheckpoints` is false.
   */
  static open(
    filename: string,
    options: { backgroundCheckpoints?: boolean; checkpointIntervalMs?: number } = {},
  ): SqliteConversationStore {
    const inMemory = isInMemory(filename);
    if (!inMemory) mkdirSync(path.dirname(path.resolve(filename)), { recursive: true });
    const db = new BetterSqlite(filename, { timeout: BUSY_TIMEOUT_MS });
    try {
      db.pragma(`busy_timeout = ${BUSY_TIMEOUT_MS}`, { simple: true });
      if (!inMemory) {
        const mode = db.pragma('journal_mode = WAL', { simple: true });
        if (mode !== 'wal') {
          throw new Error(`SQLite refused WAL journal mode for ${filename} (got ${String(mode)}); use a local file system`);
        }
      }
      db.pragma('synchronous = NORMAL', { simple: true });
      db.pragma('foreign_keys = ON', { simple: true });
      migrate(db, MIGRATIONS);
      const store = new SqliteConversationStore(db);
      if (!inMemory && options.backgroundCheckpoints !== false) {
        db.pragma(`wal_autocheckpoint = ${SAFETY_NET_AUTOCHECKPOINT_PAGES}`, { simple: true });
        store.checkpointer = startCheckpointer({
          filename,
          busyTimeoutMs: BUSY_TIMEOUT_MS,
          ...(options.checkpointIntervalMs !== undefined ? { intervalMs: options.checkpointIntervalMs } : {}),
          // Without the worker, SQLite's default: checkpoint in the commit that passes 1,000 pages.
          onFailure: () => {
            store.checkpointer = null;
            store.db?.pragma('wal_autocheckpoint = 1000', { simple: true });
          },
        });
      }
      return store;
    } catch (error) {
      db.close();
      throw error;
    }
  }

  async get(id: string): Promise<ConversationRecord | null> {
    const row = this.live().getConversation.get(id);
    return row ? toRecord(row) : null;
  }

  async commitTurn(record: ConversationRecord, expectedRevision: number, entries: TranscriptEntry[]): Promise<boolean> {
    this.live();
    if (!Number.isInteger(expectedRevision) || expectedRevision < 0) {
      throw new Error(`commitTurn: expectedRevision must be an integer >= 0 (conversation ${record.id})`);
    }
    // A save that does not bump the revision would let a second writer with the same expectation win too.
    if (record.revision !== expectedRevision + 1) {
      throw new Error(
        `commitTurn: record.revision must be expectedRevision + 1 (conversation ${record.id}: ` +
          `got ${record.revision}, expected ${expectedRevision + 1})`,
      );
    }
    return new Promise<boolean>((resolve, reject) => {
      this.pending.push({ record, expectedRevision, entries, resolve, reject });
      if (this.pending.length === 1) {
        this.flushing = new Promise<void>((done) => setImmediate(() => { this.flush(); done(); }));
      }
    });
  }

  /** Write every pending turn in one transaction and settle each turn's promise with its own outcome. */
  private flush(): void {
    const batch = this.pending;
    this.pending = [];
    this.flushing = null;
    if (batch.length === 0) return;
    let outcomes: CommitOutcome[];
    try {
      if (this.db === null) throw new Error('The conversation store is closed');
      outcomes = this.commitBatch.immediate(batch);
    } catch (error) {
      for (const item of batch) item.reject(error);
      return;
    }
    batch.forEach((item, i) => {
      const outcome = outcomes[i]!;
      if ('error' in outcome) item.reject(outcome.error);
      else item.resolve(outcome.saved);
    });
  }

  async appendTranscript(id: string, entries: TranscriptEntry[]): Promise<boolean> {
    this.live();
    // Not a turn: the dialogue's snapshot and revision stay as they are; updated_at moves for retention.
    return this.appendTransaction(id, entries);
  }

  /** The adviser desk's tables, on the same database (and connection) as the conversations they belong to. */
  desk(): DeskStore {
    const db = this.db;
    if (db === null) throw new Error('The conversation store is closed');
    this.deskStore ??= new SqliteDeskStore(db);
    return this.deskStore;
  }

  async transcript(id: string): Promise<TranscriptEntry[]> {
    return this.live()
      .transcript.all(id)
      .map((row) => ({ role: row.role, text: row.text, at: row.at }));
  }

  async delete(id: string): Promise<boolean> {
    // The transcript goes with it through ON DELETE CASCADE (foreign_keys is on for this connection).
    return this.live().deleteConversation.run(id).changes > 0;
  }

  async listIdle(before: string, limit: number, excludeStates: readonly string[] = []): Promise<ConversationRecord[]> {
    const s = this.live();
    if (!Number.isInteger(limit) || limit < 0) throw new Error('listIdle: limit must be an integer >= 0');
    return s.listIdle.all(before, JSON.stringify(excludeStates), limit).map(toRecord);
  }

  async deleteUpdatedBefore(before: string): Promise<number> {
    // `changes` counts conversations only, not the transcript rows removed by the cascade.
    return this.live().deleteUpdatedBefore.run(before).changes;
  }

  async recordDelivery(channel: string, messageId: string, at: string): Promise<boolean> {
    return this.live().recordDelivery.run(channel, messageId, at).changes === 1;
  }

  async deleteDeliveriesBefore(before: string): Promise<number> {
    return this.live().deleteDeliveriesBefore.run(before).changes;
  }

  async ping(): Promise<boolean> {
    return this.live().ping.get()?.ok === 1;
  }

  /** Close the database. Closing twice is harmless; any other call afterwards rejects. */
  async close(): Promise<void> {
    // Turns already handed over are written first.
    if (this.flushing) await this.flushing;
    const checkpointer = this.checkpointer;
    this.checkpointer = null;
    await checkpointer?.close();
    const db = this.db;
    this.db = null;
    db?.close();
  }

  private live(): ReturnType<typeof prepareStatements> {
    if (this.db === null) throw new Error('The conversation store is closed');
    return this.statements;
  }
}

/** Every statement, prepared once per connection. */
function prepareStatements(db: Database) {
  return {
    getConversation: db.prepare<ConversationRow>(`SELECT ${CONVERSATION_COLUMNS} FROM conversations WHERE id = ?`),
    insertConversation: db.prepare(
      `INSERT INTO conversations (${CONVERSATION_COLUMNS})
       VALUES (@id, @channel, @language, @state, @snapshot, @machine_version, @revision,
               @created_at, @updated_at, @last_activity_at, @closed)
       ON CONFLICT (id) DO NOTHING`,
    ),
    // created_at is written once, on insert.
    updateConversation: db.prepare(
      `UPDATE conversations
       SET channel = @channel, language = @language, state = @state, snapshot = @snapshot,
           machine_version = @machine_version, revision = @revision, updated_at = @updated_at,
           last_activity_at = @last_activity_at, closed = @closed
       WHERE id = @id AND revision = @expected_revision`,
    ),
    lastSeq: db.prepare<{ seq: number | null }>('SELECT MAX(seq) AS seq FROM transcript WHERE conversation_id = ?'),
    appendEntry: db.prepare(
      'INSERT INTO transcript (conversation_id, seq, role, text, at) VALUES (@conversation_id, @seq, @role, @text, @at)',
    ),
    transcript: db.prepare<TranscriptRow>('SELECT role, text, at FROM transcript WHERE conversation_id = ? ORDER BY seq'),
    deleteConversation: db.prepare('DELETE FROM conversations WHERE id = ?'),
    touchConversation: db.prepare('UPDATE conversations SET updated_at = MAX(updated_at, ?) WHERE id = ?'),
    listIdle: db.prepare<ConversationRow>(
      `SELECT ${CONVERSATION_COLUMNS} FROM conversations
       WHERE closed = 0 AND last_activity_at < ? AND state NOT IN (SELECT value FROM json_each(?))
       ORDER BY last_activity_at, id
       LIMIT ?`,
    ),
    deleteUpdatedBefore: db.prepare('DELETE FROM conversations WHERE updated_at < ?'),
    ping: db.prepare<{ ok: number }>('SELECT 1 AS ok'),
    recordDelivery: db.prepare('INSERT INTO channel_deliveries (channel, message_id, received_at) VALUES (?, ?, ?) ON CONFLICT DO NOTHING'),
    deleteDeliveriesBefore: db.prepare('DELETE FROM channel_deliveries WHERE received_at < ?'),
  };
}
