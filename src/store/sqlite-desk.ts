// The adviser desk's tables in SQLite (same connection as the conversations, so a deleted conversation takes its
// requests and notes with it through ON DELETE CASCADE). Every state change is one conditional UPDATE: atomic.
import { randomUUID } from 'node:crypto';
import type { Database } from './sqlite.js';
import type {
  AdviserAccount,
  AdviserNote,
  AdviserSessionRecord,
  AuditEntry,
  ClaimResult,
  DeskStore,
  HandoffRecord,
  HandoffState,
} from './desk-types.js';

interface HandoffRow {
  id: string;
  conversation_id: string;
  channel: string;
  reference: string;
  language: string;
  theme: string | null;
  priority: HandoffRecord['priority'];
  crisis: number;
  kind: HandoffRecord['kind'];
  status: HandoffState;
  summary: string;
  callback_phone: string | null;
  callback_moment: string | null;
  adviser_email: string | null;
  adviser_name: string | null;
  waiting_since: string;
  claimed_at: string | null;
  ended_at: string | null;
  outcome: HandoffRecord['outcome'];
  handback_note: string | null;
}

function toHandoff(row: HandoffRow): HandoffRecord {
  return {
    id: row.id,
    conversationId: row.conversation_id,
    channel: row.channel,
    reference: row.reference,
    language: row.language,
    theme: row.theme,
    priority: row.priority,
    crisis: row.crisis === 1,
    kind: row.kind,
    status: row.status,
    summary: row.summary,
    callbackPhone: row.callback_phone,
    callbackMoment: row.callback_moment,
    adviserEmail: row.adviser_email,
    adviserName: row.adviser_name,
    waitingSince: row.waiting_since,
    claimedAt: row.claimed_at,
    endedAt: row.ended_at,
    outcome: row.outcome,
    handbackNote: row.handback_note,
  };
}

interface AdviserRow {
  email: string;
  name: string;
  role: AdviserAccount['role'];
  password_hash: string;
  created_at: string;
}

const toAdviser = (row: AdviserRow): AdviserAccount => ({
  email: row.email,
  name: row.name,
  role: row.role,
  passwordHash: row.password_hash,
  createdAt: row.created_at,
});

const OPEN = "status IN ('waiting', 'claimed')";
/** Crisis first, then urgent, then the rest; within a priority, who waits longest. */
const QUEUE_ORDER = "CASE priority WHEN 'crisis' THEN 0 WHEN 'urgent' THEN 1 ELSE 2 END, waiting_since, id";

export class SqliteDeskStore implements DeskStore {
  private readonly s: ReturnType<typeof prepare>;

  constructor(private readonly db: Database) {
    this.s = prepare(db);
  }

  async addAdviser(account: AdviserAccount): Promise<boolean> {
    return (
      this.s.insertAdviser.run({
        email: account.email,
        name: account.name,
        role: account.role,
        password_hash: account.passwordHash,
        created_at: account.createdAt,
      }).changes === 1
    );
  }

  async getAdviser(email: string): Promise<AdviserAccount | null> {
    const row = this.s.getAdviser.get(email);
    return row ? toAdviser(row) : null;
  }

  async listAdvisers(): Promise<AdviserAccount[]> {
    return this.s.listAdvisers.all().map(toAdviser);
  }

  async removeAdviser(email: string): Promise<boolean> {
    return this.s.removeAdviser.run(email).changes === 1;
  }

  async setPassword(email: string, passwordHash: string): Promise<boolean> {
    // A new password ends every session of that account.
    return this.db.transaction(() => {
      const changed = this.s.setPassword.run(passwordHash, email).changes === 1;
      if (changed) this.s.deleteSessionsOf.run(email);
      return changed;
    })();
  }

  async createSession(session: AdviserSessionRecord): Promise<void> {
    this.s.insertSession.run({
      token_hash: session.tokenHash,
      email: session.email,
      csrf_token: session.csrfToken,
      created_at: session.createdAt,
      last_seen_at: session.lastSeenAt,
      expires_at: session.expiresAt,
    });
  }

  async getSession(tokenHash: string): Promise<AdviserSessionRecord | null> {
    const row = this.s.getSession.get(tokenHash);
    return row
      ? { tokenHash: row.token_hash, email: row.email, csrfToken: row.csrf_token, createdAt: row.created_at, lastSeenAt: row.last_seen_at, expiresAt: row.expires_at }
      : null;
  }

  async touchSession(tokenHash: string, lastSeenAt: string): Promise<void> {
    this.s.touchSession.run(lastSeenAt, tokenHash);
  }

  async deleteSession(tokenHash: string): Promise<void> {
    this.s.deleteSession.run(tokenHash);
  }

  async deleteSessionsBefore(expiresBefore: string): Promise<number> {
    return this.s.deleteSessionsBefore.run(expiresBefore).changes;
  }

  async openHandoff(record: HandoffRecord): Promise<{ created: boolean; handoff: HandoffRecord }> {
    return this.db.transaction(() => {
      const existing = this.s.openOf.get(record.conversationId);
      if (existing) return { created: false, handoff: toHandoff(existing) };
      this.s.insertHandoff.run({
        id: record.id || randomUUID(),
        conversation_id: record.conversationId,
        channel: record.channel,
        reference: record.reference,
        language: record.language,
        theme: record.theme,
        priority: record.priority,
        crisis: record.crisis ? 1 : 0,
        kind: record.kind,
        status: record.status,
        summary: record.summary,
        callback_phone: record.callbackPhone,
        callback_moment: record.callbackMoment,
        waiting_since: record.waitingSince,
      });
      return { created: true, handoff: toHandoff(this.s.openOf.get(record.conversationId)!) };
    }).immediate();
  }

  async openHandoffOf(conversationId: string): Promise<HandoffRecord | null> {
    const row = this.s.openOf.get(conversationId);
    return row ? toHandoff(row) : null;
  }

  async latestHandoffOf(conversationId: string): Promise<HandoffRecord | null> {
    const row = this.s.latestOf.get(conversationId);
    return row ? toHandoff(row) : null;
  }

  async listOpen(): Promise<HandoffRecord[]> {
    return this.s.listOpen.all().map(toHandoff);
  }

  async claim(conversationId: string, adviser: { email: string; name: string }, at: string): Promise<ClaimResult> {
    // One statement: of two advisers claiming at once, exactly one sees `changes === 1`.
    const changed = this.s.claim.run({ email: adviser.email, name: adviser.name, at, conversation_id: conversationId }).changes === 1;
    const row = this.s.openOf.get(conversationId) ?? this.s.latestOf.get(conversationId);
    const handoff = row ? toHandoff(row) : null;
    return changed && handoff ? { ok: true, handoff } : { ok: false, handoff };
  }

  async transition(
    conversationId: string,
    from: HandoffState[],
    to: HandoffState,
    fields: Parameters<DeskStore['transition']>[3],
  ): Promise<HandoffRecord | null> {
    return this.db.transaction(() => {
      const row = this.s.openOf.get(conversationId);
      if (!row || !from.includes(row.status)) return null;
      const next: HandoffRow = {
        ...row,
        status: to,
        ended_at: fields.endedAt !== undefined ? fields.endedAt : row.ended_at,
        outcome: fields.outcome !== undefined ? fields.outcome : row.outcome,
        handback_note: fields.handbackNote !== undefined ? fields.handbackNote : row.handback_note,
        adviser_email: fields.adviserEmail !== undefined ? fields.adviserEmail : row.adviser_email,
        adviser_name: fields.adviserName !== undefined ? fields.adviserName : row.adviser_name,
        claimed_at: fields.claimedAt !== undefined ? fields.claimedAt : row.claimed_at,
        callback_phone: fields.clearCallbackPhone ? null : row.callback_phone,
      };
      const changed = this.s.updateHandoff.run({
        id: row.id,
        expected_status: row.status,
        status: next.status,
        ended_at: next.ended_at,
        outcome: next.outcome,
        handback_note: next.handback_note,
        adviser_email: next.adviser_email,
        adviser_name: next.adviser_name,
        claimed_at: next.claimed_at,
        callback_phone: next.callback_phone,
      }).changes;
      return changed === 1 ? toHandoff(next) : null;
    }).immediate();
  }

  async markCrisis(conversationId: string): Promise<HandoffRecord | null> {
    this.s.markCrisis.run(conversationId);
    const row = this.s.openOf.get(conversationId);
    return row ? toHandoff(row) : null;
  }

  async recentWaits(limit: number): Promise<number[]> {
    return this.s.recentWaits.all(limit).map((r) => r.minutes);
  }

  async addNote(conversationId: string, note: AdviserNote): Promise<void> {
    this.s.insertNote.run({ conversation_id: conversationId, adviser_email: note.adviserEmail, adviser_name: note.adviserName, text: note.text, at: note.at });
  }

  async notes(conversationId: string): Promise<AdviserNote[]> {
    return this.s.notes.all(conversationId).map((r) => ({ adviserEmail: r.adviser_email, adviserName: r.adviser_name, text: r.text, at: r.at }));
  }

  async audit(entry: AuditEntry): Promise<void> {
    this.s.insertAudit.run({ at: entry.at, actor: entry.actor, action: entry.action, conversation_id: entry.conversationId, detail: entry.detail });
  }

  async listAudit(filter: { since?: string; conversationId?: string; limit?: number }): Promise<AuditEntry[]> {
    const limit = Math.max(1, Math.min(filter.limit ?? 1000, 100_000));
    return this.s.listAudit
      .all({ since: filter.since ?? '', conversation_id: filter.conversationId ?? null, limit })
      .map((r) => ({ id: r.id, at: r.at, actor: r.actor, action: r.action, conversationId: r.conversation_id, detail: r.detail }));
  }

  async deleteAuditBefore(before: string): Promise<number> {
    return this.s.deleteAuditBefore.run(before).changes;
  }
}

function prepare(db: Database) {
  const HANDOFF_COLUMNS =
    'id, conversation_id, channel, reference, language, theme, priority, crisis, kind, status, summary, callback_phone, callback_moment, ' +
    'adviser_email, adviser_name, waiting_since, claimed_at, ended_at, outcome, handback_note';
  return {
    insertAdviser: db.prepare(
      `INSERT INTO advisers (email, name, role, password_hash, created_at) VALUES (@email, @name, @role, @password_hash, @created_at)
       ON CONFLICT (email) DO NOTHING`,
    ),
    getAdviser: db.prepare<AdviserRow>('SELECT email, name, role, password_hash, created_at FROM advisers WHERE email = ?'),
    listAdvisers: db.prepare<AdviserRow>('SELECT email, name, role, password_hash, created_at FROM advisers ORDER BY email'),
    removeAdviser: db.prepare('DELETE FROM advisers WHERE email = ?'),
    setPassword: db.prepare('UPDATE advisers SET password_hash = ? WHERE email = ?'),
    deleteSessionsOf: db.prepare('DELETE FROM adviser_sessions WHERE email = ?'),
    insertSession: db.prepare(
      `INSERT INTO adviser_sessions (token_hash, email, csrf_token, created_at, last_seen_at, expires_at)
       VALUES (@token_hash, @email, @csrf_token, @created_at, @last_seen_at, @expires_at)`,
    ),
    getSession: db.prepare<{ token_hash: string; email: string; csrf_token: string; created_at: string; last_seen_at: string; expires_at: string }>(
      'SELECT token_hash, email, csrf_token, created_at, last_seen_at, expires_at FROM adviser_sessions WHERE token_hash = ?',
    ),
    touchSession: db.prepare('UPDATE adviser_sessions SET last_seen_at = ? WHERE token_hash = ?'),
    deleteSession: db.prepare('DELETE FROM adviser_sessions WHERE token_hash = ?'),
    deleteSessionsBefore: db.prepare('DELETE FROM adviser_sessions WHERE expires_at < ?'),
    insertHandoff: db.prepare(
      `INSERT INTO handoffs (id, conversation_id, channel, reference, language, theme, priority, crisis, kind, status, summary,
                             callback_phone, callback_moment, waiting_since)
       VALUES (@id, @conversation_id, @channel, @reference, @language, @theme, @priority, @crisis, @kind, @status, @summary,
               @callback_phone, @callback_moment, @waiting_since)`,
    ),
    openOf: db.prepare<HandoffRow>(`SELECT ${HANDOFF_COLUMNS} FROM handoffs WHERE conversation_id = ? AND ${OPEN}`),
    latestOf: db.prepare<HandoffRow>(`SELECT ${HANDOFF_COLUMNS} FROM handoffs WHERE conversation_id = ? ORDER BY waiting_since DESC, rowid DESC LIMIT 1`),
    listOpen: db.prepare<HandoffRow>(`SELECT ${HANDOFF_COLUMNS} FROM handoffs WHERE ${OPEN} ORDER BY ${QUEUE_ORDER}`),
    claim: db.prepare(
      `UPDATE handoffs SET status = 'claimed', adviser_email = @email, adviser_name = @name, claimed_at = @at
       WHERE conversation_id = @conversation_id AND status = 'waiting'`,
    ),
    updateHandoff: db.prepare(
      `UPDATE handoffs SET status = @status, ended_at = @ended_at, outcome = @outcome, handback_note = @handback_note,
              adviser_email = @adviser_email, adviser_name = @adviser_name, claimed_at = @claimed_at, callback_phone = @callback_phone
       WHERE id = @id AND status = @expected_status`,
    ),
    markCrisis: db.prepare(`UPDATE handoffs SET priority = 'crisis', crisis = 1 WHERE conversation_id = ? AND ${OPEN}`),
    recentWaits: db.prepare<{ minutes: number }>(
      `SELECT (julianday(claimed_at) - julianday(waiting_since)) * 1440.0 AS minutes FROM handoffs
       WHERE kind = 'live' AND claimed_at IS NOT NULL ORDER BY claimed_at DESC LIMIT ?`,
    ),
    insertNote: db.prepare(
      `INSERT INTO adviser_notes (conversation_id, adviser_email, adviser_name, text, at)
       VALUES (@conversation_id, @adviser_email, @adviser_name, @text, @at)`,
    ),
    notes: db.prepare<{ adviser_email: string; adviser_name: string; text: string; at: string }>(
      'SELECT adviser_email, adviser_name, text, at FROM adviser_notes WHERE conversation_id = ? ORDER BY id',
    ),
    insertAudit: db.prepare(
      'INSERT INTO audit_log (at, actor, action, conversation_id, detail) VALUES (@at, @actor, @action, @conversation_id, @detail)',
    ),
    listAudit: db.prepare<{ id: number; at: string; actor: string; action: string; conversation_id: string | null; detail: string | null }>(
      `SELECT id, at, actor, action, conversation_id, detail FROM audit_log
       WHERE at >= @since AND (@conversation_id IS NULL OR conversation_id = @conversation_id)
       ORDER BY id LIMIT @limit`,
    ),
    deleteAuditBefore: db.prepare('DELETE FROM audit_log WHERE at < ?'),
  };
}
