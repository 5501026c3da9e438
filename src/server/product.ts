// The whole HTTP product on one restify server: health, understanding, the bot on /api/messages, and the
// self-hosted Direct Line with the web chat token endpoint. main.ts and the integration tests both build it here.
import type { i18n } from 'i18next';
import type { Server } from 'restify';
import type { Config } from '../config.js';
import type { Content } from '../content/types.js';
import type { Engine } from '../engine/engine.js';
import type { Logger } from '../logger.js';
import type { Understander } from '../understanding/index.js';
import { KeuzehulpBot } from '../channels/bot.js';
import { registerBotFramework } from '../channels/botframework.js';
import { DIRECT_LINE_CHANNEL, DirectLineAdapter } from '../channels/directline/adapter.js';
import { createRelay } from '../channels/relay.js';
import type { HandoffDesk } from '../handoff/desk.js';
import type { AdviserAuth } from '../handoff/auth.js';
import type { EventBus } from '../handoff/events.js';
import type { ConversationStore } from '../store/types.js';
import { registerAdviserRoutes } from './adviser-routes.js';
import { createWhatsAppChannel } from '../channels/whatsapp/index.js';
import { ConversationHub } from '../channels/directline/hub.js';
import { registerDirectLine } from '../channels/directline/routes.js';
import { TokenIssuer, loadOrCreateTokenKey } from '../channels/directline/tokens.js';
import { createApp } from './app.js';
import { registerWeb } from './web.js';

export interface ProductDeps {
  config: Pick<Config, 'botFramework' | 'directLine' | 'webchat'>;
  content: Content;
  engine: Engine;
  understander: Understander;
  i18n: i18n;
  logger: Logger;
  isReady: () => boolean;
  /** The adviser desk and its store; without them there is no console and requests for a person stay in the dialogue. */
  desk?: { desk: HandoffDesk; auth: AdviserAuth; bus: EventBus; store: ConversationStore };
  /** The WhatsApp channel's settings (config.whatsapp); without them /api/whatsapp does not exist. */
  whatsapp?: NonNullable<Config['whatsapp']>;
  /** Graph API retry tuning for tests. */
  whatsappGraph?: { attempts?: number; backoffMs?: number };
  /** Signing key for Direct Line tokens; read from (or created in) config.directLine.tokenKeyFile when absent. */
  tokenKey?: Buffer;
}

export interface Product {
  server: Server;
  hub: ConversationHub;
  bot: KeuzehulpBot;
  /** Wait until every WhatsApp message received so far is handled (tests). */
  whatsappDrain(): Promise<void>;
  /** Close the streams and timers of the channels (the HTTP server is closed by its owner). */
  closeChannels(): void;
}

export function createProduct(deps: ProductDeps): Product {
  const server = createApp({ understander: deps.understander, logger: deps.logger, isReady: deps.isReady });
  const bot = new KeuzehulpBot(deps.engine, deps.content, deps.i18n, deps.logger, deps.desk?.desk, deps.desk ? (id) => deps.desk!.store.transcript(id) : undefined);
  const logic = (context: Parameters<KeuzehulpBot['run']>[0]) => bot.run(context);
  registerBotFramework(server, { config: deps.config.botFramework, logic, logger: deps.logger });
  const hub = new ConversationHub();
  const deploymentKey = deps.tokenKey ?? loadOrCreateTokenKey(deps.config.directLine.tokenKeyFile);
  const tokens = new TokenIssuer(deploymentKey, deps.config.directLine.tokenMinutes * 60);
  const adapter = new DirectLineAdapter(hub, 'directline://local');
  const directLine = registerDirectLine(server, {
    hub,
    tokens,
    adapter,
    logic,
    ...(deps.config.directLine.secret ? { secret: deps.config.directLine.secret } : {}),
    allowedOrigins: deps.config.webchat.allowedOrigins,
    tokensPerMinute: deps.config.webchat.tokensPerMinute,
    logger: deps.logger,
  });
  let adviserApi: { close(): void } | null = null;
  if (deps.desk) {
    deps.desk.desk.registerRelay(DIRECT_LINE_CHANNEL, createRelay(adapter, bot));
    adviserApi = registerAdviserRoutes(server, { desk: deps.desk.desk, auth: deps.desk.auth, bus: deps.desk.bus, i18n: deps.i18n, logger: deps.logger });
  }
  let whatsapp: { drain(): Promise<void> } | null = null;
  if (deps.whatsapp && deps.desk) {
    whatsapp = createWhatsAppChannel({
      config: deps.whatsapp,
      idKey: deploymentKey,
      server,
      bot,
      store: deps.desk.store,
      desk: deps.desk.desk,
      i18n: deps.i18n,
      defaultLanguage: deps.content.gemeente.defaultLanguage,
      logger: deps.logger,
      ...(deps.whatsappGraph ? { graph: deps.whatsappGraph } : {}),
    });
  }
  registerWeb(server, { content: deps.content });
  return {
    server,
    hub,
    bot,
    whatsappDrain: () => whatsapp?.drain() ?? Promise.resolve(),
    closeChannels: () => {
      directLine.close();
      adviserApi?.close();
    },
  };
}
