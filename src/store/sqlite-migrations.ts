// Numbered schema migrations for the SQLite store, applied in order, each once, each in its own transaction.
// Never edit a migration that has shipped: add a new one with the next version number.

export interface Migration {
  version: number;
  name: string;
  sql: string;
}

export const MIGRATIONS: readonly Migration[] = Object.freeze([
  {
    version: 1,
    name: 'init',
    sql: `
      CREATE TABLE conversations (
        id               TEXT    PRIMARY KEY NOT NULL,
        channel          TEXT    NOT NULL,
        language         TEXT    NOT NULL,
        state            TEXT    NOT NULL,
        snapshot         TEXT    NOT NULL,
        machine_version  INTEGER NOT NULL,
        revision         INTEGER NOT NULL,
        created_at       TEXT    NOT NULL,
        updated_at       TEXT    NOT NULL,
        last_activity_at TEXT    NOT NULL,
        closed           INTEGER NOT NULL DEFAULT 0 CHECK (closed IN (0, 1))
      );
      -- The inactivity sweep: open conversations, oldest activity first.
      CREATE INDEX conversations_idle ON conversations (closed, last_activity_at);
      -- Retention: everything last updated before a cut-off.
      CREATE INDEX conversations_updated ON conversations (updated_at);

      CREATE TABLE transcript (
        conversation_id TEXT    NOT NULL REFERENCES conversations (id) ON DELETE CASCADE,
        seq             INTEGER NOT NULL,
        role            TEXT    NOT NULL CHECK (role IN ('user', 'bot', 'adviser', 'system')),
        text            TEXT    NOT NULL,
        at              TEXT    NOT NULL,
        PRIMARY KEY (conversation_id, seq)
      );
    `,
  },
]);
