// The bot adapter for our own Direct Line: activities from a client go to the bot in-process; the bot's replies go
// into the conversation's log and out over its streams. No HTTP call to a bot endpoint and no cloud in between.
import { ActivityTypes, type Activity, type ResourceResponse, type TurnContext } from 'botbuilder';
import { InProcessAdapter } from '../in-process-adapter.js';
import type { ConversationHub } from './hub.js';
import { ADVISER_ID_PREFIX } from '../relay.js';

export const DIRECT_LINE_CHANNEL = 'directline';
export const BOT_ACCOUNT = { id: 'keuzehulp', name: 'Keuzehulp', role: 'bot' } as const;

/** The adviser who wrote an activity (TurnContext replaces `from` with the bot, so the mark is in channelData). */
function adviserOf(activity: Partial<Activity>): { id: string; name: string; role: 'bot' } | null {
  const name = (activity.channelData as { keuzehulp?: { adviser?: { name?: unknown } } } | undefined)?.keuzehulp?.adviser?.name;
  return typeof name === 'string' && name.length > 0 ? { id: `${ADVISER_ID_PREFIX}${name}`, name, role: 'bot' } : null;
}

export class DirectLineAdapter extends InProcessAdapter {
  constructor(
    private readonly hub: ConversationHub,
    serviceUrl: string,
  ) {
    super(DIRECT_LINE_CHANNEL, serviceUrl);
  }

  async sendActivities(context: TurnContext, activities: Array<Partial<Activity>>): Promise<ResourceResponse[]> {
    const conversationId = context.activity.conversation.id;
    const timestamp = new Date();
    // "delay" is a pause between messages in Bot Framework; here replies go out at once.
    const outgoing = activities
      .filter((activity) => activity.type !== 'delay')
      .map((activity) => ({
        ...activity,
        channelId: DIRECT_LINE_CHANNEL,
        conversation: { id: conversationId, isGroup: false, conversationType: 'personal', name: '' },
        // An adviser speaks as themselves (the desk marks the message with their first name); all else is the bot.
        from: adviserOf(activity) ?? { ...BOT_ACCOUNT },
        timestamp,
        ...(activity.type === ActivityTypes.Message && !activity.textFormat ? { textFormat: 'plain' } : {}),
      }));
    const sent = this.hub.appendAll(conversationId, outgoing);
    let next = 0;
    return activities.map((activity) => ({ id: activity.type === 'delay' ? '' : (sent[next++]?.id ?? '') }));
  }
}
