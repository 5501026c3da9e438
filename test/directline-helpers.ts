// Test helpers for the HTTP product: the real server (restify, engine, SQLite file) on a free port, and Microsoft's
// botframework-directlinejs client running in Node (it needs XMLHttpRequest and WebSocket as globals).
import { randomBytes } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Activity } from 'botbuilder';
import WebSocket from 'ws';
import { createI18n } from '../src/content/i18n.js';
import { Engine } from '../src/engine/engine.js';
import { createLogger } from '../src/logger.js';
import { openStore } from '../src/store/index.js';
import type { ConversationStore } from '../src/store/types.js';
import { createProduct, type Product } from '../src/server/product.js';
import type { Config } from '../src/config.js';
import { bundledContent, understander } from './helpers.js';
import { adviserAvailability, createDesk, type DeskBundle } from '../src/handoff/index.js';

// eslint-disable-next-line @typescript-eslint/no-require-imports
(globalThis as Record<string, unknown>).XMLHttpRequest ??= require('xhr2');
(globalThis as Record<string, unknown>).WebSocket ??= WebSocket;

export const SECRET = 'test-secret-that-is-long-enough-0123456789';

export interface Running {
  base: string;
  port: number;
  product: Product;
  store: ConversationStore;
  desk: DeskBundle;
  /** The server's own key (Direct Line tokens, WhatsApp conversation ids). */
  tokenKey: Buffer;
  stop(): Promise<void>;
}

export function tempDatabase(): string {
  return path.join(mkdtempSync(path.join(os.tmpdir(), 'keuzehulp-dl-')), 'keuzehulp.db');
}

export async function startServer(
  options: {
    database?: string;
    tokenKey?: Buffer;
    port?: number;
    config?: Partial<Pick<Config, 'botFramework' | 'webchat'>>;
    /** ADVISER_HOURS for this server (default: always open). */
    adviserHours?: string;
    loginAttempts?: number;
    sessionHours?: number;
    now?: () => Date;
    /** Turn the WhatsApp channel on with these settings (Graph retries wait 10 ms in tests). */
    whatsapp?: NonNullable<Config['whatsapp']>;
  } = {},
): Promise<Running> {
  const content = bundledContent();
  const store = openStore(`sqlite:${options.database ?? tempDatabase()}`);
  const i18n = await createI18n(content);
  const availability = adviserAvailability(content, options.adviserHours ?? 'always');
  const engine = new Engine({
    content,
    understander: understander(),
    store,
    i18n,
    adviserAvailability: { isAdviserAvailable: () => availability.isOpen(), adviserHours: { nl: availability.describe('nl'), en: availability.describe('en') } },
  });
  const logger = createLogger('silent');
  const desk = createDesk(store, logger, {
    sessionHours: options.sessionHours ?? 8,
    idleMinutes: 30,
    loginAttempts: options.loginAttempts ?? 5,
    ...(options.now ? { now: options.now } : {}),
  });
  const tokenKey = options.tokenKey ?? randomBytes(32);
  const product = createProduct({
    config: {
      botFramework: { allowUnauthenticated: false, ...options.config?.botFramework },
      directLine: { secret: SECRET, tokenKeyFile: '/nonexistent', tokenMinutes: 30 },
      webchat: { allowedOrigins: ['https://www.voorbeeld.nl'], tokensPerMinute: 1000, ...options.config?.webchat },
    },
    content,
    engine,
    understander: understander(),
    i18n,
    logger,
    desk,
    ...(options.whatsapp ? { whatsapp: options.whatsapp, whatsappGraph: { attempts: 4, backoffMs: 10 } } : {}),
    isReady: () => true,
    tokenKey,
  });
  await new Promise<void>((resolve) => product.server.listen(options.port ?? 0, '127.0.0.1', resolve));
  const port = (product.server.address() as { port: number }).port;
  return {
    base: `http://127.0.0.1:${port}`,
    port,
    product,
    store,
    desk,
    tokenKey,
    async stop() {
      product.closeChannels();
      await new Promise<void>((resolve) => product.server.close(() => resolve()));
      await store.close();
    },
  };
}

export async function json(url: string, init: RequestInit = {}): Promise<{ status: number; body: any; headers: Headers }> {
  const res = await fetch(url, init);
  const text = await res.text();
  return { status: res.status, body: text ? JSON.parse(text) : null, headers: res.headers };
}

/** Bot messages as they arrive, with a way to wait for the next bot turn (a message with choices or state). */
export function collector() {
  const activities: Array<Partial<Activity>> = [];
  const waiters: Array<() => void> = [];
  return {
    activities,
    push(activity: Partial<Activity>) {
      activities.push(activity);
      waiters.splice(0).forEach((w) => w());
    },
    /** Resolve with the first bot activity after index `from` that ends a turn (it carries channelData.keuzehulp). */
    async turnEnd(from: number, timeoutMs = 10_000): Promise<{ activity: Partial<Activity>; index: number }> {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const index = activities.findIndex((a, i) => i >= from && a.from?.role === 'bot' && (a.channelData as any)?.keuzehulp);
        if (index >= 0) return { activity: activities[index]!, index };
        if (Date.now() > deadline) throw new Error(`no bot turn after activity ${from} (have ${activities.length})`);
        await new Promise<void>((resolve) => {
          waiters.push(resolve);
          setTimeout(resolve, 200);
        });
      }
    },
  };
}

/** A web chat visitor over Direct Line REST: a token from /api/webchat/token, then POST and GET activities. */
export async function restConversation(server: { base: string }, options: { locale?: string } = {}) {
  const { body } = await json(`${server.base}/api/webchat/token`, { method: 'POST' });
  const headers = { Authorization: `Bearer ${body.token}`, 'Content-Type': 'application/json' };
  const url = `${server.base}/v3/directline/conversations/${body.conversationId}/activities`;
  await json(`${server.base}/v3/directline/conversations`, { method: 'POST', headers });
  let watermark = '0';
  /** Everything new since the last call (messages and events from the bot or an adviser). */
  const poll = async (): Promise<Activity[]> => {
    const got = await json(`${url}?watermark=${watermark}`, { headers });
    watermark = got.body.watermark;
    return (got.body.activities as Activity[]).filter((a) => a.from.role === 'bot');
  };
  const send = async (activity: Partial<Activity>) => {
    await poll();
    const sent = await json(url, { method: 'POST', headers, body: JSON.stringify({ type: 'message', from: { id: 'u' }, ...(options.locale ? { locale: options.locale } : {}), ...activity }) });
    return { status: sent.status, activities: await poll() };
  };
  const reply = async (text: string) => {
    const { status, activities } = await send({ text });
    return { status, replies: activities.filter((a) => a.type === 'message') };
  };
  const choose = async (choiceId: string) => (await send({ text: choiceId, value: { choiceId } })).activities;
  /** Wait until bot activities arrive that match `until` (adviser messages come without a request of the visitor). */
  const waitFor = async (until: (seen: Activity[]) => boolean, timeoutMs = 10_000): Promise<Activity[]> => {
    const seen: Activity[] = [];
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      seen.push(...(await poll()));
      if (until(seen)) return seen;
      if (Date.now() > deadline) throw new Error(`timed out; saw ${JSON.stringify(seen.map((a) => a.text ?? a.name))}`);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  };
  return {
    conversationId: body.conversationId as string,
    token: body.token as string,
    reply,
    send,
    choose,
    poll,
    waitFor,
    setWatermark: (w: string) => (watermark = w),
    get watermark() {
      return watermark;
    },
  };
}
