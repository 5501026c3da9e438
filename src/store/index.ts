// The store layer: pick the ConversationStore implementation from DATABASE_URL.
import path from 'node:path';
import { SqliteConversationStore } from './sqlite.js';
import type { ConversationStore } from './types.js';

export type { ConversationRecord, ConversationStore, Role, TranscriptEntry } from './types.js';
export { SqliteConversationStore } from './sqlite.js';

const SUPPORTED = 'sqlite:<relative/path.db>, sqlite:/absolute/path.db or sqlite::memory:';

/**
 * Open the store a database URL names:
 * `sqlite:data/keuzehulp.db` (relative to the working directory), `sqlite:/abs/path.db` or `sqlite::memory:`.
 */
export function openStore(databaseUrl: string): ConversationStore {
  const url = databaseUrl.trim();
  if (url.toLowerCase().startsWith('sqlite:')) {
    const location = url.slice('sqlite:'.length);
    // `sqlite://…` is ambiguous (host or path?); ask for the one spelling we document.
    if (location === '' || location.startsWith('//')) {
      throw new Error(`Invalid SQLite database URL; use ${SUPPORTED}`);
    }
    if (location === ':memory:') return SqliteConversationStore.open(':memory:');
    return SqliteConversationStore.open(path.resolve(process.cwd(), location));
  }
  // Name only the scheme: the rest of a URL may hold a password.
  const scheme = /^([a-z][a-z0-9+.-]*):/i.exec(url)?.[1];
  throw new Error(
    `Unsupported database URL${scheme ? ` scheme "${scheme}:"` : ''}; supported now: ${SUPPORTED} ` +
      '(PostgreSQL is planned, not yet available)',
  );
}
