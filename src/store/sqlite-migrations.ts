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
  {
    version: 2,
    name: 'adviser desk',
    sql: `
      -- Advisers of the wijkteam, made with \`keuzehulp advisers add\`; passwords as scrypt hashes only.
      CREATE TABLE advisers (
        email         TEXT PRIMARY KEY NOT NULL,
        name          TEXT NOT NULL,
        role          TEXT NOT NULL CHECK (role IN ('adviser', 'admin')),
        password_hash TEXT NOT NULL,
        created_at    TEXT NOT NULL
      );
      -- Console sessions: only a hash of the cookie's token is stored.
      CREATE TABLE adviser_sessions (
        token_hash   TEXT PRIMARY KEY NOT NULL,
        email        TEXT NOT NULL REFERENCES advisers (email) ON DELETE CASCADE,
        csrf_token   TEXT NOT NULL,
        created_at   TEXT NOT NULL,
        last_seen_at TEXT NOT NULL,
        expires_at   TEXT NOT NULL
      );
      CREATE INDEX adviser_sessions_expiry ON adviser_sessions (expires_at);

      -- One row per request for a person; it goes with its conversation (stop, retention).
      CREATE TABLE handoffs (
        id             TEXT PRIMARY KEY NOT NULL,
        conversation_id TEXT NOT NULL REFERENCES conversations (id) ON DELETE CASCADE,
        channel        TEXT NOT NULL,
        reference      TEXT NOT NULL,
        language       TEXT NOT NULL,
        theme          TEXT,
        priority       TEXT NOT NULL CHECK (priority IN ('crisis', 'urgent', 'normal')),
        crisis         INTEGER NOT NULL DEFAULT 0 CHECK (crisis IN (0, 1)),
        kind           TEXT NOT NULL CHECK (kind IN ('live', 'callback')),
        status         TEXT NOT NULL CHECK (status IN ('waiting', 'claimed', 'released', 'closed', 'cancelled')),
        summary        TEXT NOT NULL,
        callback_phone TEXT,
        callback_moment TEXT,
        adviser_email  TEXT,
        adviser_name   TEXT,
        waiting_since  TEXT NOT NULL,
        claimed_at     TEXT,
        ended_at       TEXT,
        outcome        TEXT CHECK (outcome IS NULL OR outcome IN ('afgehandeld', 'doorverwezen', 'terugbelafspraak', 'geen contact')),
        handback_note  TEXT
      );
      -- At most one open request per conversation: the claim race is settled by this row.
      CREATE UNIQUE INDEX handoffs_open ON handoffs (conversation_id) WHERE status IN ('waiting', 'claimed');
      CREATE INDEX handoffs_status ON handoffs (status, waiting_since);

      CREATE TABLE adviser_notes (
        id              INTEGER PRIMARY KEY,
        conversation_id TEXT NOT NULL REFERENCES conversations (id) ON DELETE CASCADE,
        adviser_email   TEXT NOT NULL,
        adviser_name    TEXT NOT NULL,
        text            TEXT NOT NULL,
        at              TEXT NOT NULL
      );
      CREATE INDEX adviser_notes_conversation ON adviser_notes (conversation_id, id);

      -- Who did what with which conversation, and when. Never message text. Kept on its own retention.
      CREATE TABLE audit_log (
        id              INTEGER PRIMARY KEY AUTOINCREMENT,
        at              TEXT NOT NULL,
        actor           TEXT NOT NULL,
        action          TEXT NOT NULL,
        conversation_id TEXT,
        detail          TEXT
      );
      CREATE INDEX audit_log_at ON audit_log (at);
    `,
  },
  {
    version: 3,
    name: 'channel deliveries',
    sql: `
      -- Message ids a channel already received (WhatsApp retries a delivery until it gets 200): each is answered
      -- once, also after a restart. Only ids and times, kept a few days.
      CREATE TABLE channel_deliveries (
        channel     TEXT NOT NULL,
        message_id  TEXT NOT NULL,
        received_at TEXT NOT NULL,
        PRIMARY KEY (channel, message_id)
      );
      CREATE INDEX channel_deliveries_received ON channel_deliveries (received_at);
    `,
  },
]);
