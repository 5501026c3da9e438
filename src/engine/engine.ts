// The dialogue engine: one turn = load snapshot → actor → one event → replies → save. Channel-neutral.
import { randomUUID } from 'node:crypto';
import { createActor, type Actor, type Snapshot } from 'xstate';
import type { i18n } from 'i18next';
import type { Content } from '../content/types.js';
import type { Language } from '../content/schema.js';
import type { Understander, Understanding } from '../understanding/index.js';
import type { ConversationRecord, ConversationStore, TranscriptEntry } from '../store/types.js';
import { findAll, redact } from '../privacy/redact.js';
import { MACHINE_VERSION, createKeuzehulpMachine, type KeuzehulpMachine, type MachineOptions } from '../../dialogs/keuzehulp.machine.js';
import type { Heard, KeuzehulpContext, KeuzehulpEvent, Reply } from '../../dialogs/types.js';
import { Renderer, type RenderedTurn } from './render.js';

/** After this long without a message from the person, the sweep closes the conversation kindly. */
export const DEFAULT_IDLE_MINUTES = 30;

export type TurnInput =
  | { kind: 'start' }
  | { kind: 'text'; text: string }
  | { kind: 'choice'; id: string }
  | { kind: 'event'; event: Extract<KeuzehulpEvent, { type: `handoff.${string}` | 'session.expired' }> };

export interface TurnOptions {
  channel?: string;
  language?: Language;
}

export interface TurnResult extends RenderedTurn {
  conversationId: string;
  state: string;
  language: Language;
  context: KeuzehulpContext;
}

export interface EngineDeps {
  content: Content;
  understander: Understander;
  store: ConversationStore;
  i18n: i18n;
  now?: () => Date;
  idleMinutes?: number;
  /** How many recently active conversations keep their actor in memory (default 2,000; 0 turns the cache off). */
  liveActors?: number;
  /** The advisers' opening hours as the dialogue sees them (default: always available). */
  adviserAvailability?: MachineOptions;
}

export const DEFAULT_LIVE_ACTORS = 2000;

/** Dialogue states in which a person of the wijkteam has (or is about to have) the conversation. */
export const HANDOFF_STATES: readonly string[] = ['waitingForAdviser', 'withAdviser'];

/** Optimistic concurrency: how often a turn is tried again when another writer saved the conversation first. */
const MAX_SAVE_ATTEMPTS = 8;

/**
 * A conversation whose actor is still running in this process after its last turn. The store stays the source of
 * truth: the cached actor is only used while the stored revision is the one this process wrote (optimistic
 * concurrency in `commitTurn` catches any other writer, and the turn then runs again from the stored snapshot).
 */
interface LiveConversation {
  actor: Actor<KeuzehulpMachine>;
  /** The record as this process last saved it (null until the first save). */
  record: ConversationRecord | null;
  /** The replies the actor emits during the turn in progress. */
  replies: Reply[];
}

/** "nee, ik bedoelde …": the person corrects what they said before. */
const CORRECTION = /^(nee|neen|no|sorry)?\s*,?\s*(ik bedoel(de)?|eigenlijk|ik wilde zeggen|i meant|actually)\b/i;

function leafState(value: unknown): string {
  if (typeof value === 'string') return value;
  if (value && typeof value === 'object') {
    const [key, child] = Object.entries(value as Record<string, unknown>)[0] ?? ['unknown', null];
    return child === null || child === undefined ? key : leafState(child);
  }
  return 'unknown';
}

function heardFrom(u: Understanding, text: string): Heard {
  return {
    theme: u.theme,
    themes: u.themes,
    audience: u.audience,
    signals: u.signals,
    outOfScope: u.detail.outOfScope,
    crisisCategories: u.detail.crisisCategories,
    correction: CORRECTION.test(text.trim()),
  };
}

/** The event one input becomes: crisis first, then global commands, then the text itself. */
function toEvent(input: TurnInput, understander: Understander): { event: KeuzehulpEvent; userText: string | null } {
  switch (input.kind) {
    case 'start':
      throw new Error('start is sent by the engine itself');
    case 'choice':
      return { event: { type: 'user.choice', choiceId: input.id }, userText: input.id };
    case 'event':
      return { event: input.event, userText: null };
    case 'text': {
      const u = understander.understand(input.text);
      const stored = redact(input.text).text;
      const heard = heardFrom(u, input.text);
      if (u.crisis) return { event: { type: 'user.crisis', text: stored, heard }, userText: stored };
      switch (u.command) {
        case 'help':
        case 'back':
        case 'restart':
        case 'stop':
        case 'human':
          return { event: { type: `command.${u.command}` }, userText: stored };
        case 'language':
          return { event: { type: 'command.language', language: u.detail.commandLanguage }, userText: stored };
        default: {
          // A number typed here reaches the dialogue only in this event (for a callback it asked for), never the store.
          const phone = findAll(input.text, 'phone')[0];
          return { event: { type: 'user.text', text: stored, heard, ...(phone ? { phone } : {}) }, userText: stored };
        }
      }
    }
  }
}

export class Engine {
  private readonly machine: KeuzehulpMachine;
  private readonly renderer: Renderer;
  private readonly locks = new Map<string, Promise<unknown>>();
  /** Recently active conversations, least recently used first (a Map keeps insertion order). */
  private readonly live = new Map<string, LiveConversation>();
  private readonly liveLimit: number;
  private readonly now: () => Date;
  private readonly idleMinutes: number;

  constructor(private readonly deps: EngineDeps) {
    this.machine = createKeuzehulpMachine(deps.content, deps.adviserAvailability);
    this.renderer = new Renderer(deps.i18n, deps.content);
    this.now = deps.now ?? (() => new Date());
    this.idleMinutes = deps.idleMinutes ?? DEFAULT_IDLE_MINUTES;
    this.liveLimit = deps.liveActors ?? DEFAULT_LIVE_ACTORS;
  }

  /** Conversations with a live actor in this process (for tests and metrics). */
  get liveConversations(): number {
    return this.live.size;
  }

  newConversationId(): string {
    return randomUUID();
  }

  /** Turns of one conversation run one after the other; different conversations run side by side. */
  turn(conversationId: string, input: TurnInput, options: TurnOptions = {}): Promise<TurnResult> {
    return this.serialize(conversationId, () => this.runTurn(conversationId, input, options));
  }

  private serialize<T>(conversationId: string, work: () => Promise<T>): Promise<T> {
    const previous = this.locks.get(conversationId) ?? Promise.resolve();
    const next = previous.catch(() => undefined).then(work);
    this.locks.set(conversationId, next);
    const release = () => {
      if (this.locks.get(conversationId) === next) this.locks.delete(conversationId);
    };
    // Both paths handled here, so a failed turn is never an unhandled rejection; the caller still gets the error.
    next.then(release, release);
    return next;
  }

  private async runTurn(conversationId: string, input: TurnInput, options: TurnOptions, attempt = 1): Promise<TurnResult> {
    // The cached actor is taken out while the turn runs: if anything fails half-way, it is simply gone.
    const cached = this.live.get(conversationId);
    this.live.delete(conversationId);
    let conversation: LiveConversation;
    let record: ConversationRecord | null;
    let fresh = false;
    if (cached && attempt === 1) {
      conversation = cached;
      conversation.replies.length = 0;
      record = cached.record;
    } else {
      cached?.actor.stop();
      record = await this.deps.store.get(conversationId);
      fresh = !record || record.machineVersion !== MACHINE_VERSION;
      conversation = this.startActor(fresh ? undefined : record!);
    }
    const { actor, replies } = conversation;
    let committed = false;
    try {
      const at = this.now().toISOString();
      const language = options.language ?? this.deps.content.gemeente.defaultLanguage;
      const channel = options.channel ?? 'unknown';
      if (fresh) {
        if (record) replies.push({ kind: 'text', key: 'dialog:renewed' });
        actor.send({ type: 'conversation.start', channel: record?.channel ?? channel, language: (record?.language as Language | undefined) ?? language });
      }

      let userText: string | null = null;
      if (input.kind !== 'start') {
        const built = toEvent(input, this.deps.understander);
        userText = built.userText;
        actor.send(built.event);
      }
      const snapshot = actor.getSnapshot();
      const context = snapshot.context;
      const rendered = this.renderer.render(replies, context);
      const state = snapshot.status === 'done' ? 'stopped' : leafState(snapshot.value);
      const result: TurnResult = { conversationId, state, language: context.language, context, ...rendered };

      if (rendered.deleted) {
        await this.deps.store.delete(conversationId);
        return result;
      }

      const entries: TranscriptEntry[] = [];
      if (userText !== null) entries.push({ role: 'user', text: userText, at });
      const botText = rendered.transcript.join('\n');
      // The bot's own words come from the content: nothing to redact.
      if (botText) entries.push({ role: 'bot', text: botText, at });

      // A turn of the person, or an adviser joining or leaving: the inactivity clock starts again.
      const isUserTurn = input.kind === 'text' || input.kind === 'choice' || (input.kind === 'event' && input.event.type.startsWith('handoff.'));
      const expectedRevision = record?.revision ?? 0;
      const next: ConversationRecord = {
        id: conversationId,
        channel: record?.channel ?? channel,
        language: context.language,
        state,
        snapshot: JSON.stringify(actor.getPersistedSnapshot()),
        machineVersion: MACHINE_VERSION,
        revision: expectedRevision + 1,
        createdAt: record?.createdAt ?? at,
        updatedAt: at,
        lastActivityAt: isUserTurn || !record ? at : record.lastActivityAt,
        closed: state === 'closed',
      };
      const saved = await this.deps.store.commitTurn(next, expectedRevision, entries);
      if (!saved) {
        // Another writer (process) saved this conversation first: run the turn again on its newer state, after a
        // short random pause so two writers do not keep colliding.
        if (attempt >= MAX_SAVE_ATTEMPTS) throw new Error(`conversation ${conversationId} kept changing while saving`);
        await new Promise((resolve) => setTimeout(resolve, Math.random() * 2 ** attempt));
        return await this.runTurn(conversationId, input, options, attempt + 1);
      }
      if (snapshot.status === 'active' && this.liveLimit > 0) {
        conversation.record = next;
        this.remember(conversationId, conversation);
        committed = true;
      }
      return result;
    } finally {
      if (!committed) actor.stop();
    }
  }

  /** An actor for a stored snapshot (or a new conversation), with its replies collected per turn. */
  private startActor(record: ConversationRecord | undefined): LiveConversation {
    const actor = record
      ? createActor(this.machine, { snapshot: JSON.parse(record.snapshot) as Snapshot<unknown> })
      : createActor(this.machine);
    const conversation: LiveConversation = { actor, record: record ?? null, replies: [] };
    actor.on('reply', (emitted) => conversation.replies.push(emitted.reply));
    actor.start();
    return conversation;
  }

  private remember(conversationId: string, conversation: LiveConversation): void {
    this.live.set(conversationId, conversation);
    while (this.live.size > this.liveLimit) {
      const [oldestId, oldest] = this.live.entries().next().value as [string, LiveConversation];
      this.live.delete(oldestId);
      oldest.actor.stop();
    }
  }

  /** Stop and forget a cached actor (the conversation was deleted or went quiet). */
  private forget(conversationId: string): void {
    const cached = this.live.get(conversationId);
    if (!cached) return;
    this.live.delete(conversationId);
    cached.actor.stop();
  }

  /** Close conversations idle for too long, and delete those past the retention period. */
  async sweep(): Promise<{ expired: number; deleted: number }> {
    const now = this.now();
    const idleBefore = new Date(now.getTime() - this.idleMinutes * 60_000).toISOString();
    let expired = 0;
    // Someone waiting for an adviser, or talking with one, keeps their place however long it takes.
    for (const record of await this.deps.store.listIdle(idleBefore, 500, HANDOFF_STATES)) {
      await this.turn(record.id, { kind: 'event', event: { type: 'session.expired' } });
      expired++;
    }
    // Quiet conversations leave memory; their next turn starts again from the store.
    for (const [id, cached] of this.live) if (!cached.record || cached.record.updatedAt < idleBefore) this.forget(id);
    const retentionBefore = new Date(now.getTime() - this.deps.content.gemeente.retentionDays * 86_400_000).toISOString();
    const deleted = await this.deps.store.deleteUpdatedBefore(retentionBefore);
    return { expired, deleted };
  }

  /** Delete a conversation now; waits for a turn of it in progress, so that turn cannot bring it back. */
  deleteConversation(conversationId: string): Promise<boolean> {
    return this.serialize(conversationId, async () => {
      this.forget(conversationId);
      return this.deps.store.delete(conversationId);
    });
  }
}
