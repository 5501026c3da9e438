// What the adviser desk stores: adviser accounts and sessions, requests for a person (the queue), internal notes and
// the audit log. One interface, so that PostgreSQL can implement it beside SQLite.

export type AdviserRole = 'adviser' | 'admin';

export interface AdviserAccount {
  email: string;
  name: string;
  role: AdviserRole;
  /** `scrypt$N$r$p$salt$hash` (base64url parts); never the password. */
  passwordHash: string;
  createdAt: string;
}

export interface AdviserSessionRecord {
  /** SHA-256 of the cookie's token: a stolen database does not give working cookies. */
  tokenHash: string;
  email: string;
  csrfToken: string;
  createdAt: string;
  lastSeenAt: string;
  expiresAt: string;
}

export type HandoffKind = 'live' | 'callback';
export type HandoffState = 'waiting' | 'claimed' | 'released' | 'closed' | 'cancelled';
export type HandoffPriority = 'crisis' | 'urgent' | 'normal';
export const OUTCOMES = ['afgehandeld', 'doorverwezen', 'terugbelafspraak', 'geen contact'] as const;
export type Outcome = (typeof OUTCOMES)[number];

export interface HandoffRecord {
  id: string;
  conversationId: string;
  channel: string;
  /** The channel's conversation reference as JSON: how to reach the person again (ids only, no text). */
  reference: string;
  language: string;
  theme: string | null;
  priority: HandoffPriority;
  crisis: boolean;
  kind: HandoffKind;
  status: HandoffState;
  /** The structured summary as JSON (the person's own words are already redacted). */
  summary: string;
  /** Only for callbacks the person asked for; removed when the request is closed. */
  callbackPhone: string | null;
  callbackMoment: string | null;
  adviserEmail: string | null;
  adviserName: string | null;
  waitingSince: string;
  claimedAt: string | null;
  endedAt: string | null;
  outcome: Outcome | null;
  handbackNote: string | null;
}

export interface AdviserNote {
  adviserEmail: string;
  adviserName: string;
  text: string;
  at: string;
}

export interface AuditEntry {
  id?: number;
  at: string;
  /** The adviser's e-mail address, or `system` / `inwoner` for what happened by itself or by the person. */
  actor: string;
  action: string;
  conversationId: string | null;
  /** A short code or outcome; never message text. */
  detail: string | null;
}

export type ClaimResult = { ok: true; handoff: HandoffRecord } | { ok: false; handoff: HandoffRecord | null };

export interface DeskStore {
  addAdviser(account: AdviserAccount): Promise<boolean>;
  getAdviser(email: string): Promise<AdviserAccount | null>;
  listAdvisers(): Promise<AdviserAccount[]>;
  removeAdviser(email: string): Promise<boolean>;
  setPassword(email: string, passwordHash: string): Promise<boolean>;

  createSession(session: AdviserSessionRecord): Promise<void>;
  getSession(tokenHash: string): Promise<AdviserSessionRecord | null>;
  touchSession(tokenHash: string, lastSeenAt: string): Promise<void>;
  deleteSession(tokenHash: string): Promise<void>;
  deleteSessionsBefore(expiresBefore: string): Promise<number>;

  /** Insert a request, unless the conversation already has an open one: then that one is returned unchanged. */
  openHandoff(record: HandoffRecord): Promise<{ created: boolean; handoff: HandoffRecord }>;
  /** The open (waiting or claimed) request of a conversation. */
  openHandoffOf(conversationId: string): Promise<HandoffRecord | null>;
  /** The newest request of a conversation, open or not. */
  latestHandoffOf(conversationId: string): Promise<HandoffRecord | null>;
  /** Waiting and claimed requests, most urgent and longest waiting first. */
  listOpen(): Promise<HandoffRecord[]>;
  /** Atomic: only one adviser can move a waiting request to claimed. */
  claim(conversationId: string, adviser: { email: string; name: string }, at: string): Promise<ClaimResult>;
  /**
   * Move the open request from one of `from` to `to` (with the given fields), atomically. Returns the updated
   * record, or null when it was not in one of those states (someone else changed it first).
   */
  transition(
    conversationId: string,
    from: HandoffState[],
    to: HandoffState,
    fields: Partial<Pick<HandoffRecord, 'endedAt' | 'outcome' | 'handbackNote' | 'adviserEmail' | 'adviserName' | 'claimedAt'>> & { clearCallbackPhone?: boolean },
  ): Promise<HandoffRecord | null>;
  markCrisis(conversationId: string): Promise<HandoffRecord | null>;
  /** Minutes from waiting to claimed for the most recent live claims (for a rough waiting time). */
  recentWaits(limit: number): Promise<number[]>;

  addNote(conversationId: string, note: AdviserNote): Promise<void>;
  notes(conversationId: string): Promise<AdviserNote[]>;

  audit(entry: AuditEntry): Promise<void>;
  listAudit(filter: { since?: string; conversationId?: string; limit?: number }): Promise<AuditEntry[]>;
  deleteAuditBefore(before: string): Promise<number>;
}
