// What our own channel adapters share: the bot runs in this process (no HTTP hop to a bot endpoint), an incoming
// activity is one turn, and the desk's proactive turns continue a stored conversation reference.
import { ActivityTypes, BotAdapter, TurnContext, type Activity, type ConversationReference, type ResourceResponse } from 'botbuilder';

export abstract class InProcessAdapter extends BotAdapter {
  constructor(
    protected readonly channelId: string,
    protected readonly serviceUrl: string,
  ) {
    super();
  }

  async updateActivity(): Promise<ResourceResponse | void> {
    throw new Error(`${this.channelId}: activities cannot be changed once sent`);
  }

  async deleteActivity(): Promise<void> {
    throw new Error(`${this.channelId}: activities cannot be deleted once sent`);
  }

  /** Run the bot for an activity that came in from the channel. */
  async process(activity: Partial<Activity>, logic: (context: TurnContext) => Promise<void>): Promise<void> {
    await this.runMiddleware(new TurnContext(this, activity), logic);
  }

  /** Proactive turns (the adviser desk): a turn for a conversation without an incoming activity. */
  async continueConversation(reference: Partial<ConversationReference>, logic: (context: TurnContext) => Promise<void>): Promise<void> {
    const activity = TurnContext.applyConversationReference(
      { type: ActivityTypes.Event, name: 'continueConversation' },
      { ...reference, channelId: this.channelId, serviceUrl: this.serviceUrl } as ConversationReference,
      true,
    );
    await this.process(activity, logic);
  }
}
