// The conversation store: one interface, real implementations (SQLite now, PostgreSQL for scale-out later).
// Everything is async so that a networked database fits the same interface.

import type { DeskStore } from './desk-types.js';

export type Role = 'user' | 'bot' | 'adviser' | 'system';

/** One stored conversation. `snapshot` is the persisted XState snapshot as JSON text. */
export interface ConversationRecord {
  id: string;
  channel: string;
  language: string;
  /** Dialogue state name, for overviews without parsing the snapshot. */
  state: string;
  snapshot: string;
  /** Version of the dialogue machine that wrote the snapshot. */
  machineVersion: number;
  /** Optimistic-concurrency counter: bumped on every save. */
  revision: number;
  /** ISO 8601 timestamps. */
  createdAt: string;
  updatedAt: string;
  /** Last message from the person (drives the inactivity sweep). */
  lastActivityAt: string;
  /** True once the conversation was closed (by the person, the bot or inactivity). */
  closed: boolean;
}

/** One line of the transcript, already redacted (no BSN, IBAN, phone or e-mail unless consented). */
export interface TranscriptEntry {
  role: Role;
  text: string;
  at: string;
}

export interface ConversationStore {
  /** The conversation, or null when unknown or deleted. */
  get(id: string): Promise<ConversationRecord | null>;
  /**
   * Save a turn atomically: insert the conversation (expectedRevision 0) or update it when its stored revision
   * equals expectedRevision, and append the transcript entries. Returns false (and changes nothing) when another
   * writer saved first.
   */
  commitTurn(record: ConversationRecord, expectedRevision: number, entries: TranscriptEntry[]): Promise<boolean>;
  transcript(id: string): Promise<TranscriptEntry[]>;
  /**
   * Add lines that are not a dialogue turn (an adviser's messages): the snapshot and revision stay as they are.
   * False when the conversation does not exist (any more).
   */
  appendTranscript(id: string, entries: TranscriptEntry[]): Promise<boolean>;
  /** The adviser desk's tables on the same database (advisers, sessions, queue, notes, audit log). */
  desk(): DeskStore;
  /** Remove the conversation and its transcript at once ("stop", "vergeet mij"). True when something was deleted. */
  delete(id: string): Promise<boolean>;
  /** Open conversations whose last activity is before `before`, oldest first, at most `limit`, not in `excludeStates`. */
  listIdle(before: string, limit: number, excludeStates?: readonly string[]): Promise<ConversationRecord[]>;
  /** Retention: delete every conversation (with transcript) last updated before `before`. Returns how many. */
  deleteUpdatedBefore(before: string): Promise<number>;
  /** Record that a channel received a message id; false when it had been recorded before (a repeated delivery). */
  recordDelivery(channel: string, messageId: string, at: string): Promise<boolean>;
  /** Forget delivery records received before `before`. Returns how many. */
  deleteDeliveriesBefore(before: string): Promise<number>;
  /** Reachability for /readyz. */
  ping(): Promise<boolean>;
  close(): Promise<void>;
}
