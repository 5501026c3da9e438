// The bot adapter for WhatsApp: an incoming webhook message becomes a Bot Framework activity for the bot; the bot's
// replies become Cloud API messages (render.ts) sent through the Graph API client, in order.
import type { Activity, ConversationReference, ResourceResponse, TurnContext } from 'botbuilder';
import type { i18n } from 'i18next';
import type { Logger } from '../../logger.js';
import type { GraphClient } from './graph.js';
import { toWhatsApp } from './render.js';
import { InProcessAdapter } from '../in-process-adapter.js';

export const WHATSAPP_CHANNEL = 'whatsapp';

function languageOf(locale: string | undefined, fallback: string): string {
  const primary = locale?.toLowerCase().split(/[-_]/)[0];
  return primary === 'nl' || primary === 'en' ? primary : fallback;
}

export class WhatsAppAdapter extends InProcessAdapter {
  constructor(
    private readonly graph: GraphClient,
    private readonly i18n: i18n,
    private readonly defaultLanguage: string,
    graphUrl: string,
    private readonly logger: Logger,
  ) {
    super(WHATSAPP_CHANNEL, graphUrl);
  }

  async sendActivities(context: TurnContext, activities: Array<Partial<Activity>>): Promise<ResourceResponse[]> {
    const responses: ResourceResponse[] = [];
    for (const activity of activities) {
      const to = activity.recipient?.id ?? context.activity.from?.id;
      if (!to) throw new Error('WhatsApp: no recipient for an outgoing activity');
      const t = this.i18n.getFixedT(languageOf(activity.locale ?? context.activity.locale, this.defaultLanguage));
      let id = '';
      // One after the other: the person reads them in the order the bot said them.
      for (const message of toWhatsApp(activity, to, t)) id = (await this.graph.send(message)) ?? id;
      responses.push({ id });
    }
    return responses;
  }

  /** A template message (the only kind WhatsApp allows after the 24-hour window). */
  async sendTemplate(reference: Partial<ConversationReference>, template: { name: string; language: string }): Promise<void> {
    const to = reference.user?.id;
    if (!to) throw new Error('WhatsApp: the reference has no user');
    await this.graph.send({ messaging_product: 'whatsapp', recipient_type: 'individual', to, type: 'template', template: { name: template.name, language: { code: template.language } } });
    this.logger.info({ channel: WHATSAPP_CHANNEL, template: template.name }, 're-engagement template sent');
  }
}
