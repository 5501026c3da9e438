// Composition root: config → content → understanding → server. The one place that wires the product together.
import { loadConfig } from './config.js';
import { loadContentOrThrow } from './content/load.js';
import { createLogger } from './logger.js';
import { createUnderstanding } from './understanding/index.js';
import { createApp } from './server/app.js';

async function main(): Promise<void> {
  const config = loadConfig();
  const logger = createLogger(config.logLevel);
  let ready = false;
  const content = loadContentOrThrow(config.contentDir);
  const understander = createUnderstanding(content);
  const server = createApp({ understander, logger, isReady: () => ready });

  await new Promise<void>((resolve) => server.listen(config.port, config.host, resolve));
  ready = true;
  logger.info(
    { port: (server.address() as { port: number }).port, gemeente: content.gemeente.id, themes: content.themes.length, offerings: content.offerings.length },
    'keuzehulp listening',
  );

  let stopping = false;
  const shutdown = (signal: string) => {
    if (stopping) return;
    stopping = true;
    ready = false;
    logger.info({ signal }, 'shutting down');
    // Stop accepting connections; requests in flight finish first.
    server.close(() => {
      logger.info('stopped');
      process.exit(0);
    });
    setTimeout(() => process.exit(0), 10_000).unref();
  };
  process.on('SIGTERM', () => shutdown('SIGTERM'));
  process.on('SIGINT', () => shutdown('SIGINT'));
}

main().catch((error: unknown) => {
  // Start-up errors (invalid content or configuration) are printed as they are: they say what to fix.
  process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
