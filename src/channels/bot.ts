// The bot: a thin botbuilder ActivityHandler. Activities become engine input; the engine's rendered turn becomes
// Activities (text, suggested actions for choices, cards for offerings, a crisis card with the numbers to call).
// It knows no dialogue logic and no channel: the engine decides, the adapters carry.
import {
  ActionTypes,
  ActivityHandler,
  ActivityTypes,
  CardFactory,
  EventFactory,
  TurnContext,
  type Activity,
  type CardAction,
  type Transcript,
} from 'botbuilder';
import type { i18n } from 'i18next';
import type { Content } from '../content/types.js';
import type { Language } from '../content/schema.js';
import type { Engine, TurnInput, TurnResult } from '../engine/engine.js';
import type { Translate } from '../engine/render.js';
import type { Logger } from '../logger.js';
import type { EnqueueInput, HandoffDesk } from '../handoff/desk.js';
import { buildSummary } from '../engine/summary.js';
import { redact } from '../privacy/redact.js';
import type { TranscriptEntry } from '../store/types.js';

/** Longest message we take from a person; longer ones are refused kindly (nothing said before is lost). */
export const MAX_MESSAGE_CHARS = 2000;

/** Choice buttons send this in `value`, so a click never depends on matching its label text. */
export interface ChoiceValue {
  choiceId: string;
}

function languageOf(locale: string | undefined): Language | undefined {
  const primary = locale?.toLowerCase().split(/[-_]/)[0];
  return primary === 'nl' || primary === 'en' ? primary : undefined;
}

function choiceIdOf(value: unknown): string | null {
  if (value && typeof value === 'object' && typeof (value as ChoiceValue).choiceId === 'string') {
    const id = (value as ChoiceValue).choiceId;
    return /^[a-z0-9-]{1,64}$/.test(id) ? id : null;
  }
  return null;
}

export class KeuzehulpBot extends ActivityHandler {
  constructor(
    private readonly engine: Engine,
    private readonly content: Content,
    private readonly i18n: i18n,
    private readonly logger: Logger,
    /** The adviser desk; without it a request for a person is answered by the dialogue alone. */
    private readonly desk?: HandoffDesk,
    private readonly transcriptOf?: (conversationId: string) => Promise<TranscriptEntry[]>,
  ) {
    super();
    this.onMessage(async (context, next) => {
      await this.handleMessage(context);
      await next();
    });
    this.onMembersAdded(async (context, next) => {
      // A person joined (not the bot itself): welcome them before they type.
      const people = (context.activity.membersAdded ?? []).filter((m) => m.id !== context.activity.recipient?.id && m.role !== 'bot');
      if (people.length > 0) await this.runTurn(context, { kind: 'start' });
      await next();
    });
    this.onEvent(async (context, next) => {
      // Web Chat's customary join event, sent by our widget: start (or show) the conversation.
      if (context.activity.name === 'webchat/join') await this.runTurn(context, { kind: 'start' });
      await next();
    });
  }

  private async handleMessage(context: TurnContext): Promise<void> {
    const choiceId = choiceIdOf(context.activity.value);
    if (choiceId) {
      await this.runTurn(context, { kind: 'choice', id: choiceId });
      return;
    }
    const text = (context.activity.text ?? '').trim();
    if (text.length === 0) return;
    if (text.length > MAX_MESSAGE_CHARS) {
      const t = this.i18n.getFixedT(languageOf(context.activity.locale) ?? this.content.gemeente.defaultLanguage);
      await context.sendActivity({ type: ActivityTypes.Message, text: t('dialog:tooLong'), textFormat: 'plain' });
      return;
    }
    await this.runTurn(context, { kind: 'text', text });
  }

  /** A turn without a message from the person (the desk: an adviser joined, left or closed). */
  continueTurn(context: TurnContext, input: TurnInput): Promise<void> {
    return this.runTurn(context, input);
  }

  private async runTurn(context: TurnContext, input: TurnInput): Promise<void> {
    await context.sendActivity({ type: ActivityTypes.Typing });
    const language = languageOf(context.activity.locale);
    let result: TurnResult;
    try {
      result = await this.engine.turn(context.activity.conversation.id, input, {
        channel: context.activity.channelId,
        ...(language ? { language } : {}),
      });
    } catch (error) {
      // Never a crash for the person: say something went wrong and that they can try again. No text in the log.
      this.logger.error({ err: error instanceof Error ? error.name : 'unknown', channel: context.activity.channelId }, 'turn failed');
      const t = this.i18n.getFixedT(language ?? this.content.gemeente.defaultLanguage);
      await context.sendActivity({ type: ActivityTypes.Message, text: t('common:error.retry'), textFormat: 'plain' });
      return;
    }
    await context.sendActivities(this.toActivities(result));
    if (this.desk) {
      try {
        await this.toDesk(context, input, result);
      } catch (error) {
        // The person already has the bot's answer; the desk's part is logged (without text) and not repeated.
        this.logger.error({ err: error instanceof Error ? error.name : 'unknown', channel: context.activity.channelId }, 'desk update failed');
      }
    }
  }

  /** What the desk must know of this turn: a new request, a callback, a cancel, a message for the adviser, a crisis. */
  private async toDesk(context: TurnContext, input: TurnInput, result: TurnResult): Promise<void> {
    const desk = this.desk!;
    const conversationId = result.conversationId;
    const handoffStatus = result.context.handoff?.status;
    const inHandoff = handoffStatus === 'requested' || handoffStatus === 'accepted';
    const t = this.i18n.getFixedT(result.language);
    // Built only for a turn that reaches the desk with a request (most turns do not).
    let built: EnqueueInput | null = null;
    const base = (): EnqueueInput =>
      (built ??= {
        conversationId,
        channel: context.activity.channelId,
        reference: JSON.stringify(TurnContext.getConversationReference(context.activity)),
        language: result.language,
        theme: result.context.themeId,
        priority: 'normal',
        crisis: result.context.crisis !== null,
        summary: buildSummary(result.context, this.content, this.i18n.getFixedT('nl')),
      });
    if (result.callback) {
      await desk.requestCallback({ ...base(), priority: result.callback.priority as 'crisis' | 'urgent' | 'normal', phone: result.callback.phone, moment: result.callback.moment });
    }
    if (result.handoff?.status === 'requested') {
      let place: Awaited<ReturnType<HandoffDesk['enqueue']>>;
      try {
        place = await desk.enqueue({ ...base(), priority: result.handoff.priority as 'crisis' | 'urgent' | 'normal' });
      } catch (error) {
        // No adviser can be reached this way: the dialogue says so (with the general number) and goes on.
        this.logger.error({ err: error instanceof Error ? error.name : 'unknown', channel: context.activity.channelId }, 'handoff could not be queued');
        await context.sendActivity(EventFactory.createHandoffStatus(context.activity.conversation, 'failed'));
        await this.runTurn(context, { kind: 'event', event: { type: 'handoff.failed' } });
        return;
      }
      const key = place.position <= 1 ? 'dialog:handoff.queueFirst' : 'dialog:handoff.queue';
      await context.sendActivity({ type: ActivityTypes.Message, text: t(key, { position: place.position, minutes: place.minutes }), textFormat: 'plain', locale: result.language });
      // Bot Framework's handoff protocol, for an agent hub listening on the channel: the summary and the transcript.
      const transcript: Transcript = { activities: ((await this.transcriptOf?.(conversationId)) ?? []).map((e) => transcriptActivity(e, conversationId)) };
      await context.sendActivity(EventFactory.createHandoffInitiation(context, base().summary, transcript));
    } else if (result.handoff?.status === 'cancelled') {
      await desk.cancelByInwoner(conversationId);
    }
    if (result.deleted) {
      if (inHandoff) await desk.conversationDeleted(conversationId);
      return;
    }
    if (inHandoff && input.kind === 'text') {
      desk.inwonerMessage(conversationId, { role: 'user', text: redact(input.text).text, at: new Date().toISOString() });
    }
    if (inHandoff && result.crisis) await desk.crisis(conversationId);
  }

  /** The engine's turn as Activities; the last one carries the state for the widget in channelData. */
  toActivities(result: TurnResult): Array<Partial<Activity>> {
    const t = this.i18n.getFixedT(result.language);
    const activities: Array<Partial<Activity>> = result.messages.map((message, i) => {
      const activity: Partial<Activity> = { type: ActivityTypes.Message, text: message.text, textFormat: 'plain', locale: result.language };
      if (i === 0 && result.crisis) activity.attachments = [this.crisisCard(t, result)];
      if (message.choices && message.choices.length > 0) {
        activity.suggestedActions = {
          to: [],
          actions: message.choices.map(
            (c): CardAction => ({ type: ActionTypes.MessageBack, title: c.label, text: c.label, displayText: c.label, value: { choiceId: c.id } satisfies ChoiceValue }),
          ),
        };
      }
      return activity;
    });
    if (result.advice.length > 0) {
      const cards = result.advice.map((a) => this.offeringCard(t, a.offeringId)).filter((c) => c !== null);
      // The cards go before the message with the follow-up choices, so those stay the last suggested actions.
      let at = activities.length;
      for (let i = activities.length - 1; i >= 0; i--) {
        if (activities[i]!.suggestedActions) {
          at = i;
          break;
        }
      }
      if (cards.length > 0) activities.splice(at, 0, { type: ActivityTypes.Message, attachmentLayout: 'carousel', attachments: cards, locale: result.language });
    }
    const last = activities.at(-1);
    if (last) {
      last.channelData = {
        keuzehulp: { state: result.state, crisis: result.crisis, handoff: result.handoff, advice: result.advice, deleted: result.deleted },
      };
    }
    return activities;
  }

  private offeringCard(t: Translate, offeringId: string) {
    const offering = this.content.offerings.find((o) => o.id === offeringId);
    if (!offering) return null;
    const buttons: CardAction[] = [];
    if (offering.contact.phone) {
      buttons.push({ type: ActionTypes.Call, title: t('dialog:card.call', { phone: offering.contact.phone }), value: `tel:${offering.contact.phone.replace(/[^0-9+]/g, '')}` });
    }
    if (offering.contact.url) buttons.push({ type: ActionTypes.OpenUrl, title: t('dialog:card.website'), value: offering.contact.url });
    return CardFactory.heroCard(t(`content:offering.${offeringId}.name`), t(`content:offering.${offeringId}.description`), [], buttons);
  }

  private crisisCard(t: Translate, result: TurnResult) {
    const category = this.content.safety.categories.find((c) => c.id === result.context.crisis) ?? this.content.safety.categories[0]!;
    const numbers = category.numbers
      .map((id) => this.content.safety.numbers.find((n) => n.id === id))
      .filter((n) => n !== undefined);
    const buttons: CardAction[] = numbers.map((n) => ({ type: ActionTypes.Call, title: t('dialog:card.call', { phone: n.phone }), value: `tel:${n.phone.replace(/[^0-9+]/g, '')}` }));
    return CardFactory.heroCard(category.label[result.language], '', [], buttons);
  }
}

/** A stored transcript line as an Activity for the handoff protocol's Transcript attachment. */
function transcriptActivity(entry: TranscriptEntry, conversationId: string): Activity {
  return {
    type: ActivityTypes.Message,
    text: entry.text,
    timestamp: new Date(entry.at),
    from: { id: entry.role, name: entry.role, role: entry.role === 'user' ? 'user' : 'bot' },
    conversation: { id: conversationId, isGroup: false, conversationType: 'personal', name: '' },
  } as Activity;
}
