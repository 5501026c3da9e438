// The dialogue engine: one turn = load snapshot → actor → one event → replies → save. Channel-neutral.
import { randomUUID } from 'node:crypto';
import { createActor, type Snapshot } from 'xstate';
import type { i18n } from 'i18next';
import type { Content } from '../content/types.js';
import type { Language } from '../content/schema.js';
import type { Understander, Understanding } from '../understanding/index.js';
import type { ConversationRecord, ConversationStore, TranscriptEntry } from '../store/types.js';
import { redact } from '../privacy/redact.js';
import { MACHINE_VERSION, createKeuzehulpMachine, type KeuzehulpMachine } from '../../dialogs/keuzehulp.machine.js';
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
        default:
          return { event: { type: 'user.text', text: stored, heard }, userText: stored };
      }
    }
  }
}

export class Engine {
  private readonly machine: KeuzehulpMachine;
  private readonly renderer: Renderer;
  private readonly locks = new Map<string, Promise<unknown>>();
  private readonly now: () => Date;
  private readonly idleMinutes: number;

  constructor(private readonly deps: EngineDeps) {
    this.machine = createKeuzehulpMachine(deps.content);
    this.renderer = new Renderer(deps.i18n, deps.content);
    this.now = deps.now ?? (() => new Date());
    this.idleMinutes = deps.idleMinutes ?? DEFAULT_IDLE_MINUTES;
  }

  newConversationId(): string {
    return randomUUID();
  }

  /** Turns of one conversation run one after the other; different conversations run side by side. */
  turn(conversationId: string, input: TurnInput, options: TurnOptions = {}): Promise<TurnResult> {
    const previous = this.locks.get(conversationId) ?? Promise.resolve();
    const next = previous.catch(() => undefined).then(() => this.runTurn(conversationId, input, options));
    this.locks.set(conversationId, next);
    void next.finally(() => {
      if (this.locks.get(conversationId) === next) this.locks.delete(conversationId);
    });
    return next;
  }

  private async runTurn(conversationId: string, input: TurnInput, options: TurnOptions, attempt = 1): Promise<TurnResult> {
    const record = await this.deps.store.get(conversationId);
    const at = this.now().toISOString();
    const replies: Reply[] = [];
    const language = options.language ?? this.deps.content.gemeente.defaultLanguage;
    const channel = options.channel ?? 'unknown';

    let actor;
    if (record && record.machineVersion === MACHINE_VERSION) {
      actor = createActor(this.machine, { snapshot: JSON.parse(record.snapshot) as Snapshot<unknown> });
    } else {
      actor = createActor(this.machine);
    }
    const subscription = actor.on('reply', (emitted) => replies.push(emitted.reply));
    actor.start();
    if (!record || record.machineVersion !== MACHINE_VERSION) {
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
    const persisted = actor.getPersistedSnapshot();
    subscription.unsubscribe();
    actor.stop();

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

    const isUserTurn = input.kind === 'text' || input.kind === 'choice';
    const next: ConversationRecord = {
      id: conversationId,
      channel: record?.channel ?? channel,
      language: context.language,
      state,
      snapshot: JSON.stringify(persisted),
      machineVersion: MACHINE_VERSION,
      revision: (record?.revision ?? 0) + 1,
      createdAt: record?.createdAt ?? at,
      updatedAt: at,
      lastActivityAt: isUserTurn || !record ? at : record.lastActivityAt,
      closed: state === 'closed',
    };
    const saved = await this.deps.store.commitTurn(next, record?.revision ?? 0, entries);
    if (!saved) {
      // Another process saved this conversation first: run the turn again on its newer state.
      if (attempt >= 3) throw new Error(`conversation ${conversationId} kept changing while saving`);
      return this.runTurn(conversationId, input, options, attempt + 1);
    }
    return result;
  }

  /** Close conversations idle for too long, and delete those past the retention period. */
  async sweep(): Promise<{ expired: number; deleted: number }> {
    const now = this.now();
    const idleBefore = new Date(now.getTime() - this.idleMinutes * 60_000).toISOString();
    let expired = 0;
    for (const record of await this.deps.store.listIdle(idleBefore, 500)) {
      await this.turn(record.id, { kind: 'event', event: { type: 'session.expired' } });
      expired++;
    }
    const retentionBefore = new Date(now.getTime() - this.deps.content.gemeente.retentionDays * 86_400_000).toISOString();
    const deleted = await this.deps.store.deleteUpdatedBefore(retentionBefore);
    return { expired, deleted };
  }

  async deleteConversation(conversationId: string): Promise<boolean> {
    return this.deps.store.delete(conversationId);
  }
}
