// POST /api/messages: Azure Bot Service channels and the Bot Framework Emulator, through botbuilder's CloudAdapter.
// Without an app id it answers 401, unless BOTFRAMEWORK_ALLOW_UNAUTHENTICATED=true (local Emulator only): an open
// endpoint would let anyone make the bot POST replies to any serviceUrl they name.
import { CloudAdapter, ConfigurationBotFrameworkAuthentication, type TurnContext } from 'botbuilder';
import type { Server } from 'restify';
import type { Config } from '../config.js';
import type { Logger } from '../logger.js';

export function registerBotFramework(
  server: Server,
  deps: { config: Config['botFramework']; logic: (context: TurnContext) => Promise<void>; logger: Logger },
): CloudAdapter | null {
  const { config, logger } = deps;
  const configured = Boolean(config.appId);
  if (!configured && !config.allowUnauthenticated) {
    server.post('/api/messages', (_req, res, next) => {
      res.send(401, {
        error: {
          code: 'Unauthorized',
          message: 'Bot Framework authentication is not configured (MicrosoftAppId, MicrosoftAppPassword)',
        },
      });
      return next(false);
    });
    return null;
  }
  if (!configured) logger.warn('BOTFRAMEWORK_ALLOW_UNAUTHENTICATED=true: /api/messages accepts unauthenticated requests (local Emulator only)');
  const auth = new ConfigurationBotFrameworkAuthentication({
    ...(config.appId ? { MicrosoftAppId: config.appId } : {}),
    ...(config.appPassword ? { MicrosoftAppPassword: config.appPassword } : {}),
    ...(config.tenantId ? { MicrosoftAppTenantId: config.tenantId } : {}),
    ...(config.appType ? { MicrosoftAppType: config.appType } : {}),
  });
  const adapter = new CloudAdapter(auth);
  adapter.onTurnError = async (_context, error) => {
    logger.error({ err: error instanceof Error ? error.name : 'unknown', route: 'api/messages' }, 'bot turn failed');
  };
  server.post('/api/messages', async (req, res) => {
    await adapter.process(req, res, deps.logic);
  });
  return adapter;
}
