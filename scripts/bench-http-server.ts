// The server side of `npm run bench:http`, run in its own process: `keuzehulp` (the product on SQLite on disk),
// `echo` (a botbuilder echo bot behind the same Direct Line) or `hello` (a bare restify route). Prints
// "listening <port>" when ready.
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import restify from 'restify';
import { ActivityHandler, type TurnContext } from 'botbuilder';
import { loadContentOrThrow } from '../src/content/load.js';
import { createI18n } from '../src/content/i18n.js';
import { createUnderstanding } from '../src/understanding/index.js';
import { openStore } from '../src/store/index.js';
import { Engine } from '../src/engine/engine.js';
import { createLogger } from '../src/logger.js';
import { createDesk } from '../src/handoff/index.js';
import { createProduct } from '../src/server/product.js';
import { createApp } from '../src/server/app.js';
import { DirectLineAdapter } from '../src/channels/directline/adapter.js';
import { ConversationHub } from '../src/channels/directline/hub.js';
import { registerDirectLine } from '../src/channels/directline/routes.js';
import { TokenIssuer } from '../src/channels/directline/tokens.js';
import { packageRoot } from '../src/config.js';

const mode = process.argv[2] ?? 'keuzehulp';
const logger = createLogger('silent');
const webchat = { allowedOrigins: [], tokensPerMinute: 1_000_000 };

class EchoBot extends ActivityHandler {
  constructor() {
    super();
    this.onMessage(async (context, next) => {
      await context.sendActivity({ type: 'message', text: `echo: ${context.activity.text ?? ''}`, channelData: { keuzehulp: { state: 'echo' } } });
      await next();
    });
    this.onMembersAdded(async (context, next) => {
      await context.sendActivity({ type: 'message', text: 'welcome', channelData: { keuzehulp: { state: 'echo' } } });
      await next();
    });
  }
}

async function main(): Promise<void> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'keuzehulp-bench-http-'));
  let server: restify.Server;
  let close = async () => undefined as void;
  if (mode === 'hello') {
    server = restify.createServer({ name: 'hello', handleUncaughtExceptions: false });
    server.get('/hello', (_req, res, next) => {
      res.send(200, { hello: 'world' });
      next();
    });
  } else if (mode === 'echo') {
    // The echo server has the same routes as the product; /api/understand is not part of the load.
    const understander = createUnderstanding(loadContentOrThrow(path.join(packageRoot(), 'content')));
    server = createApp({ understander, logger, isReady: () => true });
    const hub = new ConversationHub();
    const bot = new EchoBot();
    registerDirectLine(server, {
      hub,
      tokens: new TokenIssuer(randomBytes(32), 3600),
      adapter: new DirectLineAdapter(hub, 'directline://local'),
      logic: (context: TurnContext) => bot.run(context),
      allowedOrigins: [],
      tokensPerMinute: webchat.tokensPerMinute,
      logger,
    });
  } else {
    const content = loadContentOrThrow(path.join(packageRoot(), 'content'));
    const store = openStore(`sqlite:${path.join(dir, 'bench.db')}`);
    const understander = createUnderstanding(content);
    const i18n = await createI18n(content);
    const engine = new Engine({ content, understander, store, i18n });
    // As in production: the adviser desk is on (every turn checks whether it concerns a handoff).
    const desk = createDesk(store, logger, { sessionHours: 8, idleMinutes: 30, loginAttempts: 5 });
    const product = createProduct({
      config: { botFramework: { allowUnauthenticated: false }, directLine: { tokenKeyFile: '/nonexistent', tokenMinutes: 60 }, webchat },
      content,
      engine,
      understander,
      i18n,
      logger,
      desk,
      isReady: () => true,
      tokenKey: randomBytes(32),
    });
    server = product.server;
    close = async () => {
      product.closeChannels();
      await store.close();
    };
  }
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  process.stdout.write(`listening ${(server.address() as { port: number }).port}\n`);
  process.on('SIGTERM', () => {
    void close().finally(() => {
      rmSync(dir, { recursive: true, force: true });
      process.exit(0);
    });
  });
}

void main();
