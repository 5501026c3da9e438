// The WhatsApp channel (WhatsApp Business Cloud API): webhook routes, the bot adapter that sends through the Graph
// API, and the desk relay that lets advisers reach a person on their phone (within WhatsApp's 24-hour window, or with
// the configured re-engagement template after it).
import type { Server } from 'restify';
import type { i18n } from 'i18next';
import type { TurnContext } from 'botbuilder';
import type { Config } from '../../config.js';
import type { Logger } from '../../logger.js';
import type { ConversationStore } from '../../store/types.js';
import type { HandoffDesk } from '../../handoff/desk.js';
import type { KeuzehulpBot } from '../bot.js';
import { createRelay } from '../relay.js';
import { GraphClient } from './graph.js';
import { WHATSAPP_CHANNEL, WhatsAppAdapter } from './adapter.js';
import { registerWhatsApp } from './routes.js';

export { WHATSAPP_CHANNEL, WhatsAppAdapter } from './adapter.js';
export { conversationIdFor } from './routes.js';

/** WhatsApp allows free-form messages for this long after the person's last message. */
export const CUSTOMER_SERVICE_WINDOW_HOURS = 24;

export interface WhatsAppChannelDeps {
  config: NonNullable<Config['whatsapp']>;
  /** The deployment's own secret key: keys the pseudonymous conversation ids. */
  idKey: Buffer;
  server: Server;
  bot: KeuzehulpBot;
  store: ConversationStore;
  desk?: HandoffDesk;
  i18n: i18n;
  defaultLanguage: string;
  logger: Logger;
  /** Graph API retry tuning (tests use short waits). */
  graph?: { attempts?: number; backoffMs?: number };
}

export function createWhatsAppChannel(deps: WhatsAppChannelDeps): { adapter: WhatsAppAdapter; drain(): Promise<void> } {
  const { config } = deps;
  const graph = new GraphClient({ graphUrl: config.graphUrl, phoneNumberId: config.phoneNumberId, accessToken: config.accessToken, logger: deps.logger, ...deps.graph });
  const adapter = new WhatsAppAdapter(graph, deps.i18n, deps.defaultLanguage, config.graphUrl, deps.logger);
  const logic = (context: TurnContext) => deps.bot.run(context);
  const routes = registerWhatsApp(deps.server, {
    verifyToken: config.verifyToken,
    appSecret: config.appSecret,
    idKey: deps.idKey,
    phoneNumberId: config.phoneNumberId,
    graphUrl: config.graphUrl,
    adapter,
    logic,
    store: deps.store,
    i18n: deps.i18n,
    defaultLanguage: deps.defaultLanguage,
    logger: deps.logger,
  });
  if (deps.desk) {
    const template = config.reengageTemplate;
    deps.desk.registerRelay(WHATSAPP_CHANNEL, {
      ...createRelay(adapter, deps.bot),
      replyWindowHours: CUSTOMER_SERVICE_WINDOW_HOURS,
      reengage: template ? { template: template.name, send: (reference) => adapter.sendTemplate(JSON.parse(reference), template) } : null,
    });
  }
  return { adapter, drain: routes.drain };
}
