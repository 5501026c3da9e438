// The desk's way back to a person: a proactive turn on the channel the conversation came in on, through the
// channel's BotAdapter.continueConversation. The stored reference holds ids only (no text).
import { ActivityTypes, EventFactory, type BotAdapter, type ConversationReference, type TurnContext } from 'botbuilder';
import type { ChannelRelay } from '../handoff/desk.js';
import type { KeuzehulpBot } from './bot.js';

/** Adviser messages go out with this `from.id` prefix and their first name: channels show a person, not the bot. */
export const ADVISER_ID_PREFIX = 'adviser:';

type Continue = (reference: Partial<ConversationReference>, logic: (context: TurnContext) => Promise<void>) => Promise<void>;

export function createRelay(adapter: Pick<BotAdapter, 'continueConversation'>, bot: KeuzehulpBot): ChannelRelay {
  const proceed: Continue = (reference, logic) => adapter.continueConversation(reference, logic);
  const parse = (reference: string) => JSON.parse(reference) as Partial<ConversationReference>;
  return {
    dialogueEvent: (reference, event) => proceed(parse(reference), (context) => bot.continueTurn(context, { kind: 'event', event })),
    adviserMessage: (reference, adviser, text) =>
      proceed(parse(reference), async (context) => {
        await context.sendActivity({
          type: ActivityTypes.Message,
          text,
          textFormat: 'plain',
          channelData: { keuzehulp: { adviser: { name: adviser.name } } },
        });
      }),
    handoffStatus: (reference, state, message) =>
      proceed(parse(reference), async (context) => {
        await context.sendActivity(EventFactory.createHandoffStatus(context.activity.conversation, state, message));
      }),
  };
}
