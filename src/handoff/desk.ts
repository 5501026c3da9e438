// The handoff desk: the queue of people who asked for an adviser, claims, relaying messages both ways, hand-back and
// closing, internal notes and the audit log. It knows the stores and the event bus; channels plug in a relay that
// reaches the person on their own channel (Direct Line now, WhatsApp later).
import { randomUUID } from 'node:crypto';
import type { ConversationStore, TranscriptEntry } from '../store/types.js';
import type { AdviserNote, DeskStore, HandoffPriority, HandoffRecord, Outcome } from '../store/desk-types.js';
import { redact } from '../privacy/redact.js';
import type { Logger } from '../logger.js';
import type { EventBus } from './events.js';

/** What the desk asks of a channel to reach a person again. `reference` is what the channel stored at request. */
export interface ChannelRelay {
  /** Tell the dialogue an adviser joined, left or closed: the bot's own words then reach the person. */
  dialogueEvent(reference: string, event: { type: 'handoff.accepted'; adviserName: string } | { type: 'handoff.returned' } | { type: 'handoff.closed' }): Promise<void>;
  /** An adviser's message, as that adviser. */
  adviserMessage(reference: string, adviser: { name: string }, text: string): Promise<void>;
  /** Bot Framework's `handoff.status` event for agent hubs and clients that follow it. */
  handoffStatus(reference: string, state: 'accepted' | 'failed' | 'completed', message?: string): Promise<void>;
  /** Channels that allow free-form messages only for a while after the person's last message (WhatsApp: 24 hours). */
  replyWindowHours?: number;
  /** After that window: a template message that invites the person back, when the gemeente configured one. */
  reengage?: { template: string; send(reference: string): Promise<void> } | null;
}

/** Whether an adviser can still write freely on the person's channel. */
export interface ReplyWindow {
  hours: number;
  open: boolean;
  /** When it closes (or closed); null when the person never wrote. */
  closesAt: string | null;
  /** The re-engagement template, or null when none is configured. */
  template: string | null;
}

export interface Adviser {
  email: string;
  name: string;
  role: 'adviser' | 'admin';
}

export type DeskErrorCode = 'not_found' | 'conflict' | 'not_yours' | 'channel_unavailable' | 'window_closed' | 'no_template';

export class DeskError extends Error {
  override name = 'DeskError';
  constructor(
    readonly code: DeskErrorCode,
    message: string,
    /** Who holds the conversation, for "Sanne heeft dit gesprek al". */
    readonly holder?: string,
  ) {
    super(message);
  }
}

export interface QueueItem {
  id: string;
  conversationId: string;
  channel: string;
  theme: string | null;
  priority: HandoffPriority;
  waitingSince: string;
  crisis: boolean;
  /** A callback request (out of hours): when to call, and the number the person gave for it. */
  callback: { phone: string | null; moment: string | null } | null;
  status: 'waiting' | 'claimed';
  claimedBy: { email: string; name: string } | null;
}

export interface EnqueueInput {
  conversationId: string;
  channel: string;
  reference: string;
  language: string;
  theme: string | null;
  priority: HandoffPriority;
  crisis: boolean;
  summary: unknown;
}

export interface DeskDeps {
  store: ConversationStore;
  bus: EventBus;
  logger: Logger;
  now?: () => Date;
}

/** Minutes assumed per person ahead in the queue until there are enough real claims to measure. */
const DEFAULT_MINUTES_PER_PERSON = 10;
const MAX_TEXT = 4000;

export function firstName(name: string): string {
  return name.trim().split(/\s+/)[0] ?? name;
}

export class HandoffDesk {
  private readonly desk: DeskStore;
  private readonly relays = new Map<string, ChannelRelay>();
  private readonly now: () => Date;

  constructor(private readonly deps: DeskDeps) {
    this.desk = deps.store.desk();
    this.now = deps.now ?? (() => new Date());
  }

  get store(): DeskStore {
    return this.desk;
  }

  registerRelay(channel: string, relay: ChannelRelay): void {
    this.relays.set(channel, relay);
  }

  private at(): string {
    return this.now().toISOString();
  }

  private async audit(actor: string, action: string, conversationId: string | null, detail: string | null = null): Promise<void> {
    await this.desk.audit({ at: this.at(), actor, action, conversationId, detail });
  }

  // ------------------------------------------------------------------------------------------------------------
  // The person's side (called by the channels)

  /** A live request for an adviser. Returns the place in the queue and a rough wait in minutes. */
  async enqueue(input: EnqueueInput): Promise<{ position: number; minutes: number; created: boolean }> {
    // An adviser could not answer a channel the desk cannot reach: say so now rather than leave the person waiting.
    if (!this.relays.has(input.channel)) throw new DeskError('channel_unavailable', `Advisers cannot reach the ${input.channel} channel`);
    // A callback request still waiting becomes this live request: the person is here now.
    const earlier = await this.desk.openHandoffOf(input.conversationId);
    if (earlier?.kind === 'callback' && earlier.status === 'waiting') {
      await this.desk.transition(input.conversationId, ['waiting'], 'cancelled', { endedAt: this.at(), clearCallbackPhone: true });
      await this.audit('system', 'callback.replaced', input.conversationId);
    }
    const { created, handoff } = await this.desk.openHandoff(this.newRecord(input, 'live', null, null));
    if (created) {
      await this.audit('system', 'queued', input.conversationId, input.priority);
      this.deps.bus.publish({ type: 'queue' });
    }
    return { ...(await this.placeOf(handoff)), created };
  }

  /** Out of hours: a request to be called back, with the number the person gave for it (with their consent). */
  async requestCallback(input: EnqueueInput & { phone: string; moment: string }): Promise<void> {
    const { created } = await this.desk.openHandoff(this.newRecord(input, 'callback', input.phone, input.moment));
    if (created) {
      await this.audit('inwoner', 'callback.requested', input.conversationId, input.priority);
      this.deps.bus.publish({ type: 'queue' });
    }
  }

  private newRecord(input: EnqueueInput, kind: 'live' | 'callback', phone: string | null, moment: string | null): HandoffRecord {
    return {
      id: randomUUID(),
      conversationId: input.conversationId,
      channel: input.channel,
      reference: input.reference,
      language: input.language,
      theme: input.theme,
      priority: input.priority,
      crisis: input.crisis,
      kind,
      status: 'waiting',
      summary: JSON.stringify(input.summary ?? {}),
      callbackPhone: phone,
      callbackMoment: moment,
      adviserEmail: null,
      adviserName: null,
      waitingSince: this.at(),
      claimedAt: null,
      endedAt: null,
      outcome: null,
      handbackNote: null,
    };
  }

  /** Place among the live requests still waiting, and a rough wait (from recent claims when there are enough). */
  private async placeOf(handoff: HandoffRecord): Promise<{ position: number; minutes: number }> {
    const waiting = (await this.desk.listOpen()).filter((h) => h.status === 'waiting' && h.kind === 'live');
    const index = waiting.findIndex((h) => h.id === handoff.id);
    const position = index < 0 ? 1 : index + 1;
    const waits = (await this.desk.recentWaits(20)).filter((m) => Number.isFinite(m) && m >= 0).sort((a, b) => a - b);
    const perPerson = waits.length >= 3 ? Math.max(1, waits[Math.floor(waits.length / 2)]!) : DEFAULT_MINUTES_PER_PERSON;
    const minutes = Math.max(5, Math.ceil((position * perPerson) / 5) * 5);
    return { position, minutes };
  }

  /** The person no longer waits ("toch niet", starting over): out of the queue, and the adviser is told. */
  async cancelByInwoner(conversationId: string): Promise<void> {
    const ended = await this.desk.transition(conversationId, ['waiting', 'claimed'], 'cancelled', { endedAt: this.at(), clearCallbackPhone: true });
    if (!ended) return;
    await this.audit('inwoner', 'cancelled', conversationId);
    this.deps.bus.publish({ type: 'status', conversationId, status: 'cancelled', by: null });
    this.deps.bus.publish({ type: 'queue' });
  }

  /** The person stopped and their conversation was deleted (with its request and notes): consoles are told. */
  async conversationDeleted(conversationId: string): Promise<void> {
    await this.audit('inwoner', 'deleted', conversationId);
    this.deps.bus.publish({ type: 'status', conversationId, status: 'deleted', by: null });
    this.deps.bus.publish({ type: 'queue' });
  }

  /** The person wrote while waiting or talking with an adviser (the line is already in the transcript). */
  inwonerMessage(conversationId: string, entry: TranscriptEntry): void {
    this.deps.bus.publish({ type: 'message', conversationId, entry });
  }

  /** Signs of acute danger: the request goes to the top of the queue and every console is alerted. */
  async crisis(conversationId: string): Promise<void> {
    const handoff = await this.desk.markCrisis(conversationId);
    if (!handoff) return;
    await this.audit('system', 'crisis.flagged', conversationId);
    this.deps.bus.publish({ type: 'crisis', conversationId });
    this.deps.bus.publish({ type: 'queue' });
  }

  // ------------------------------------------------------------------------------------------------------------
  // The adviser's side (called by the adviser API)

  async queue(): Promise<QueueItem[]> {
    return (await this.desk.listOpen()).map((h) => ({
      id: h.id,
      conversationId: h.conversationId,
      channel: h.channel,
      theme: h.theme,
      priority: h.priority,
      waitingSince: h.waitingSince,
      crisis: h.crisis,
      callback: h.kind === 'callback' ? { phone: h.callbackPhone, moment: h.callbackMoment } : null,
      status: h.status === 'claimed' ? 'claimed' : 'waiting',
      claimedBy: h.status === 'claimed' && h.adviserEmail ? { email: h.adviserEmail, name: h.adviserName ?? h.adviserEmail } : null,
    }));
  }

  /** Everything an adviser needs to help: the request, the summary, the transcript and internal notes. Audited. */
  async view(conversationId: string, adviser: Adviser) {
    const handoff = await this.desk.latestHandoffOf(conversationId);
    const conversation = await this.deps.store.get(conversationId);
    if (!handoff || !conversation) throw new DeskError('not_found', 'There is no request for a person in this conversation');
    await this.audit(adviser.email, 'viewed', conversationId);
    const transcript = await this.deps.store.transcript(conversationId);
    return {
      conversationId,
      status: handoff.status,
      kind: handoff.kind,
      channel: handoff.channel,
      language: handoff.language,
      priority: handoff.priority,
      crisis: handoff.crisis,
      theme: handoff.theme,
      waitingSince: handoff.waitingSince,
      claimedBy: handoff.adviserEmail ? { email: handoff.adviserEmail, name: handoff.adviserName ?? handoff.adviserEmail } : null,
      callback: handoff.kind === 'callback' ? { phone: handoff.callbackPhone, moment: handoff.callbackMoment } : null,
      outcome: handoff.outcome,
      handbackNote: handoff.handbackNote,
      summary: JSON.parse(handoff.summary) as unknown,
      transcript,
      replyWindow: this.replyWindow(handoff.channel, transcript),
      notes: await this.desk.notes(conversationId),
      state: conversation.state,
    };
  }

  /** Take a waiting request. Atomic: of two advisers at once, one wins and the other gets a conflict naming the holder. */
  async claim(conversationId: string, adviser: Adviser): Promise<HandoffRecord> {
    const result = await this.desk.claim(conversationId, adviser, this.at());
    if (!result.ok) {
      if (!result.handoff) throw new DeskError('not_found', 'There is no request for a person in this conversation');
      const holder = result.handoff.status === 'claimed' ? (result.handoff.adviserName ?? undefined) : undefined;
      throw new DeskError('conflict', holder ? 'Another adviser already took this conversation' : `This request is ${result.handoff.status}`, holder);
    }
    await this.audit(adviser.email, 'claimed', conversationId);
    this.deps.bus.publish({ type: 'status', conversationId, status: 'claimed', by: { email: adviser.email, name: adviser.name } });
    this.deps.bus.publish({ type: 'queue' });
    const handoff = result.handoff;
    if (handoff.kind === 'live') {
      await this.reach(handoff, async (relay) => {
        await relay.dialogueEvent(handoff.reference, { type: 'handoff.accepted', adviserName: firstName(adviser.name) });
        await relay.handoffStatus(handoff.reference, 'accepted');
      });
    }
    return handoff;
  }

  /** The request this adviser holds (or a clear error why not). */
  private async held(conversationId: string, adviser: Adviser): Promise<HandoffRecord> {
    const handoff = await this.desk.openHandoffOf(conversationId);
    if (!handoff) throw new DeskError('not_found', 'This conversation has no open request for a person');
    if (handoff.status !== 'claimed') throw new DeskError('conflict', 'Claim the conversation first');
    if (handoff.adviserEmail !== adviser.email) throw new DeskError('not_yours', 'Another adviser holds this conversation', handoff.adviserName ?? undefined);
    return handoff;
  }

  /** An adviser's message: to the person on their channel, and (redacted) into the transcript. */
  async message(conversationId: string, adviser: Adviser, text: string): Promise<TranscriptEntry> {
    const handoff = await this.held(conversationId, adviser);
    if (handoff.kind !== 'live') throw new DeskError('conflict', 'A callback request has no chat to write in');
    const window = this.replyWindow(handoff.channel, await this.deps.store.transcript(conversationId));
    if (window && !window.open) {
      throw new DeskError('window_closed', `The person last wrote more than ${window.hours} hours ago; only a template message can reach them now`);
    }
    const clean = text.trim().slice(0, MAX_TEXT);
    await this.reach(handoff, (relay) => relay.adviserMessage(handoff.reference, { name: firstName(adviser.name) }, clean), true);
    const entry: TranscriptEntry = { role: 'adviser', text: redact(clean).text, at: this.at() };
    await this.deps.store.appendTranscript(conversationId, [entry]);
    await this.audit(adviser.email, 'wrote', conversationId);
    this.deps.bus.publish({ type: 'message', conversationId, entry });
    return entry;
  }

  /** The channel's reply window for this conversation, or null when the channel has none. */
  private replyWindow(channel: string, transcript: TranscriptEntry[]): ReplyWindow | null {
    const relay = this.relays.get(channel);
    if (!relay?.replyWindowHours) return null;
    const last = [...transcript].reverse().find((e) => e.role === 'user');
    const closesAt = last ? new Date(Date.parse(last.at) + relay.replyWindowHours * 3_600_000) : null;
    return {
      hours: relay.replyWindowHours,
      open: closesAt !== null && closesAt.getTime() > this.now().getTime(),
      closesAt: closesAt?.toISOString() ?? null,
      template: relay.reengage?.template ?? null,
    };
  }

  /** After the reply window: send the configured template that invites the person to write again. */
  async reengage(conversationId: string, adviser: Adviser): Promise<void> {
    const handoff = await this.held(conversationId, adviser);
    const relay = this.relays.get(handoff.channel);
    if (!relay?.reengage) throw new DeskError('no_template', 'No re-engagement template is configured for this channel (WHATSAPP_TEMPLATE_REENGAGE)');
    try {
      await relay.reengage.send(handoff.reference);
    } catch (error) {
      this.deps.logger.error({ channel: handoff.channel, err: error instanceof Error ? error.name : 'unknown' }, 're-engagement failed');
      throw new DeskError('channel_unavailable', 'The invitation could not be sent; try again');
    }
    await this.audit(adviser.email, 'reengaged', conversationId, relay.reengage.template);
  }

  /** Give the conversation back to the bot, with a note for colleagues; the bot tells the person and continues. */
  async release(conversationId: string, adviser: Adviser, note: string): Promise<void> {
    const handoff = await this.held(conversationId, adviser);
    const cleanNote = redact(note.trim().slice(0, MAX_TEXT)).text;
    const released = await this.desk.transition(conversationId, ['claimed'], 'released', { endedAt: this.at(), handbackNote: cleanNote || null, clearCallbackPhone: true });
    if (!released) throw new DeskError('conflict', 'The request changed in the meantime');
    if (cleanNote) await this.desk.addNote(conversationId, { adviserEmail: adviser.email, adviserName: adviser.name, text: cleanNote, at: this.at() });
    await this.audit(adviser.email, 'released', conversationId);
    this.deps.bus.publish({ type: 'status', conversationId, status: 'released', by: { email: adviser.email, name: adviser.name } });
    this.deps.bus.publish({ type: 'queue' });
    if (handoff.kind === 'live') {
      await this.reach(handoff, async (relay) => {
        await relay.handoffStatus(handoff.reference, 'completed', 'returned');
        await relay.dialogueEvent(handoff.reference, { type: 'handoff.returned' });
      });
    }
  }

  /** Close with an outcome. A callback number is removed now: it was kept only to call back. */
  async close(conversationId: string, adviser: Adviser, outcome: Outcome): Promise<void> {
    const handoff = await this.held(conversationId, adviser);
    const closed = await this.desk.transition(conversationId, ['claimed'], 'closed', { endedAt: this.at(), outcome, clearCallbackPhone: true });
    if (!closed) throw new DeskError('conflict', 'The request changed in the meantime');
    await this.audit(adviser.email, 'closed', conversationId, outcome);
    this.deps.bus.publish({ type: 'status', conversationId, status: 'closed', by: { email: adviser.email, name: adviser.name } });
    this.deps.bus.publish({ type: 'queue' });
    if (handoff.kind === 'live') {
      await this.reach(handoff, async (relay) => {
        await relay.handoffStatus(handoff.reference, 'completed', outcome);
        await relay.dialogueEvent(handoff.reference, { type: 'handoff.closed' });
      });
    }
  }

  /** An internal note (never shown to the person), redacted like everything stored. */
  async addNote(conversationId: string, adviser: Adviser, text: string): Promise<AdviserNote> {
    const handoff = await this.desk.latestHandoffOf(conversationId);
    if (!handoff) throw new DeskError('not_found', 'There is no request for a person in this conversation');
    const note: AdviserNote = { adviserEmail: adviser.email, adviserName: adviser.name, text: redact(text.trim().slice(0, MAX_TEXT)).text, at: this.at() };
    await this.desk.addNote(conversationId, note);
    await this.audit(adviser.email, 'noted', conversationId);
    return note;
  }

  async recordAccess(adviser: Adviser, action: 'login' | 'logout'): Promise<void> {
    await this.audit(adviser.email, action, null);
  }

  async recordFailedLogin(): Promise<void> {
    // Which address was tried is not kept: it may be a typo of someone's private address.
    await this.audit('unknown', 'login.failed', null);
  }

  /**
   * Run something against the person's channel. Failures are logged (never with text); with `required` they become
   * an error for the adviser (a message that did not arrive must not look sent).
   */
  private async reach(handoff: HandoffRecord, work: (relay: ChannelRelay) => Promise<void>, required = false): Promise<void> {
    const relay = this.relays.get(handoff.channel);
    if (!relay) {
      this.deps.logger.error({ channel: handoff.channel }, 'no relay for channel');
      if (required) throw new DeskError('channel_unavailable', `The ${handoff.channel} channel cannot be reached from the desk`);
      return;
    }
    try {
      await work(relay);
    } catch (error) {
      this.deps.logger.error({ channel: handoff.channel, err: error instanceof Error ? error.name : 'unknown' }, 'relay failed');
      if (required) throw new DeskError('channel_unavailable', 'The message could not be delivered; try again');
    }
  }
}
