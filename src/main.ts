// Composition root: config → content → store → understanding → engine → channels → server. The one place that wires it all.
import { loadConfig } from './config.js';
import { loadContentOrThrow } from './content/load.js';
import { createI18n } from './content/i18n.js';
import { createLogger } from './logger.js';
import { createUnderstanding } from './understanding/index.js';
import { openStore } from './store/index.js';
import { Engine } from './engine/engine.js';
import { createProduct } from './server/product.js';
import { adviserAvailability, createDesk } from './handoff/index.js';

/** How often the engine closes idle conversations and applies the retention period. */
const SWEEP_INTERVAL_MS = 60_000;

async function main(): Promise<void> {
  const config = loadConfig();
  const logger = createLogger(config.logLevel);
  let ready = false;
  const content = loadContentOrThrow(config.contentDir);
  const store = openStore(config.databaseUrl);
  const understander = createUnderstanding(content);
  const i18n = await createI18n(content);
  const availability = adviserAvailability(content, config.adviser.hours);
  const engine = new Engine({
    content,
    understander,
    store,
    i18n,
    idleMinutes: config.idleMinutes,
    adviserAvailability: { isAdviserAvailable: () => availability.isOpen(), adviserHours: { nl: availability.describe('nl'), en: availability.describe('en') } },
  });
  const desk = createDesk(store, logger, { sessionHours: config.adviser.sessionHours, idleMinutes: config.adviser.idleMinutes, loginAttempts: config.adviser.loginAttempts });
  let storeReachable = true;
  const { server, closeChannels } = createProduct({
    config,
    content,
    engine,
    understander,
    i18n,
    logger,
    desk,
    ...(config.whatsapp ? { whatsapp: config.whatsapp } : {}),
    isReady: () => ready && storeReachable,
  });
  if (config.whatsapp) logger.info({ channel: 'whatsapp', reengageTemplate: config.whatsapp.reengageTemplate?.name ?? null }, 'WhatsApp channel on');
  else logger.info({ channel: 'whatsapp', missing: config.whatsappMissing }, 'WhatsApp channel off: not all of its settings are set');

  const sweep = setInterval(() => {
    const auditBefore = new Date(Date.now() - config.adviser.auditRetentionDays * 86_400_000).toISOString();
    // Delivery ids are kept a week: Meta retries a delivery for at most a few days.
    const deliveriesBefore = new Date(Date.now() - 7 * 86_400_000).toISOString();
    Promise.all([engine.sweep(), desk.auth.sweep(), desk.desk.store.deleteAuditBefore(auditBefore), store.deleteDeliveriesBefore(deliveriesBefore)]).then(
      ([result]) => {
        storeReachable = true;
        if (result.expired + result.deleted > 0) logger.info(result, 'sweep');
      },
      (error: unknown) => {
        storeReachable = false;
        logger.error({ err: error instanceof Error ? error.name : 'unknown' }, 'sweep failed');
      },
    );
  }, SWEEP_INTERVAL_MS);
  sweep.unref();

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
    clearInterval(sweep);
    // Close the Direct Line streams (clients reconnect and continue), then stop accepting connections.
    closeChannels();
    server.close(() => {
      void store.close().finally(() => {
        logger.info('stopped');
        process.exit(0);
      });
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
