// The HTTP server (restify): health and readiness, and the understanding endpoint. Channels join it later.
import restify, { type Server } from 'restify';
import { z } from 'zod';
import type { Logger } from '../logger.js';
import { toContract, type Understander } from '../understanding/index.js';

/** Longest message text we accept over HTTP, in characters. */
export const MAX_TEXT_CHARS = 100_000;

/** Routes whose body is read raw by their own handler (a signature over the exact bytes). */
export const RAW_BODY_PATHS: readonly string[] = ['/api/whatsapp'];

const UnderstandRequest = z.strictObject({
  text: z.string().max(MAX_TEXT_CHARS, `text is longer than ${MAX_TEXT_CHARS} characters`),
});

export interface AppDeps {
  understander: Understander;
  logger: Logger;
  /** Readiness: content loaded (and later: store reachable). */
  isReady: () => boolean;
}

export function createApp({ understander, logger, isReady }: AppDeps): Server {
  const server = restify.createServer({ name: 'keuzehulp', handleUncaughtExceptions: false });
  server.use(restify.plugins.queryParser({ mapParams: false }));
  // Webhooks signed over their raw bytes (WhatsApp) read the body themselves; every other route gets it parsed.
  const parsers = restify.plugins.bodyParser({ maxBodySize: MAX_TEXT_CHARS * 4 + 1024, mapParams: false, rejectUnknown: false });
  const rawBodyPaths = new Set(RAW_BODY_PATHS);
  server.use((req, res, next) => {
    if (rawBodyPaths.has(req.path())) return next();
    const run = (i: number): void => {
      const parser = parsers[i];
      if (!parser) return next();
      parser(req, res, ((error?: unknown) => (error === undefined || error === null ? run(i + 1) : next(error as Error))) as restify.Next);
    };
    run(0);
  });

  server.get('/healthz', (_req, res, next) => {
    res.send(200, { status: 'ok' });
    next();
  });

  server.get('/readyz', (_req, res, next) => {
    const ready = isReady();
    res.send(ready ? 200 : 503, { status: ready ? 'ready' : 'starting' });
    next();
  });

  server.post('/api/understand', (req, res, next) => {
    const parsed = UnderstandRequest.safeParse(req.body);
    if (!parsed.success) {
      res.send(400, { error: 'bad_request', message: parsed.error.issues.map((i) => `${i.path.join('.') || 'body'}: ${i.message}`).join('; ') });
      next();
      return;
    }
    const started = performance.now();
    const result = understander.understand(parsed.data.text);
    logger.debug({ route: 'understand', theme: result.theme, crisis: result.crisis, ms: performance.now() - started }, 'understood');
    res.send(200, toContract(result));
    next();
  });

  server.on('restifyError', (req, _res, error, callback) => {
    logger.warn({ method: req.method, path: req.path(), status: (error as { statusCode?: number }).statusCode, code: error.name }, 'request failed');
    callback();
  });
  return server;
}
