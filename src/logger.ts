// Structured logs (pino). Privacy: log ids, states and timings — never what a person typed.
import pino, { type Logger } from 'pino';

export type { Logger } from 'pino';

export function createLogger(level: string): Logger {
  return pino({
    level,
    base: { service: 'keuzehulp' },
    // Defence in depth: should a message text ever reach a log call, it is removed here.
    redact: { paths: ['text', '*.text', 'body', '*.body', 'message', 'req.body'], censor: '[redacted]' },
  });
}
