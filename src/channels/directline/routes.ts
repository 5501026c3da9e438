// Self-hosted Direct Line 3.0 under /v3/directline (REST and WebSocket stream), compatible with Microsoft's
// botframework-directlinejs and Web Chat, plus /api/webchat/token for visitors of the gemeente's website.
// https://learn.microsoft.com/azure/bot-service/rest-api/bot-framework-rest-direct-line-3-0-concepts
import { randomUUID, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import type { Activity, TurnContext } from 'botbuilder';
import type { Request, Response, Server } from 'restify';
import { WebSocketServer } from 'ws';
import { z } from 'zod';
import type { Logger } from '../../logger.js';
import { BOT_ACCOUNT, DIRECT_LINE_CHANNEL, type DirectLineAdapter } from './adapter.js';
import type { ConversationHub } from './hub.js';
import type { TokenIssuer } from './tokens.js';
import { FixedWindowCounter } from '../../limits.js';

export const DIRECT_LINE_BASE = '/v3/directline';
const STREAM_PATH = /^\/v3\/directline\/conversations\/([^/?]+)\/stream$/;
/** Direct Line's keep-alive: an empty frame on every open stream this often. */
export const KEEP_ALIVE_MS = 20_000;
/** The largest activity body we read (the text limit itself is enforced kindly by the bot). */
const MAX_TEXT = 100_000;

const IncomingActivity = z.looseObject({
  type: z.enum(['message', 'event', 'typing']),
  text: z.string().max(MAX_TEXT).optional(),
  value: z.unknown().optional(),
  name: z.string().max(200).optional(),
  locale: z.string().max(35).optional(),
  from: z.looseObject({ id: z.string().min(1).max(200), name: z.string().max(200).optional() }).optional(),
  channelData: z.looseObject({ clientActivityID: z.string().max(200).optional(), clientTimestamp: z.string().max(64).optional() }).optional(),
});

type Auth = { kind: 'secret' } | { kind: 'token'; conversationId: string };

export interface DirectLineDeps {
  hub: ConversationHub;
  tokens: TokenIssuer;
  adapter: DirectLineAdapter;
  /** The bot's turn logic (KeuzehulpBot.run). */
  logic: (context: TurnContext) => Promise<void>;
  /** DIRECTLINE_SECRET, for a gemeente's own back end; without it only /api/webchat/token hands out tokens. */
  secret?: string;
  allowedOrigins: string[];
  tokensPerMinute: number;
  logger: Logger;
  now?: () => number;
}

function sendError(res: Response, status: number, code: string, message: string): void {
  res.send(status, { error: { code, message } });
}

function bearer(header: string | undefined): string | null {
  const match = /^Bearer\s+(\S+)$/i.exec(header ?? '');
  return match ? match[1]! : null;
}

function sameSecret(given: string, secret: string | undefined): boolean {
  if (!secret) return false;
  const a = Buffer.from(given);
  const b = Buffer.from(secret);
  return a.length === b.length && timingSafeEqual(a, b);
}

export function registerDirectLine(server: Server, deps: DirectLineDeps): { close(): void } {
  const { hub, tokens, adapter, logger } = deps;
  const now = deps.now ?? (() => Date.now());
  // Fixed window per client address, in memory only (addresses are never stored or logged).
  const limiter = new FixedWindowCounter(deps.tokensPerMinute, 60_000, now);
  const allowAnyOrigin = deps.allowedOrigins.includes('*');

  // CORS for the gemeente's own pages on other origins; same-origin pages need nothing.
  const corsOrigin = (req: IncomingMessage | Request): string | null => {
    const origin = req.headers.origin;
    if (typeof origin !== 'string') return null;
    return allowAnyOrigin || deps.allowedOrigins.includes(origin) ? origin : null;
  };
  server.pre((req, res, next) => {
    const path = req.url ?? '';
    if (!path.startsWith(DIRECT_LINE_BASE) && !path.startsWith('/api/webchat/') && !path.startsWith('/webchat/')) return next();
    const origin = corsOrigin(req);
    if (origin) {
      res.setHeader('Access-Control-Allow-Origin', origin);
      res.setHeader('Vary', 'Origin');
    }
    if (req.method === 'OPTIONS') {
      if (origin) {
        res.setHeader('Access-Control-Allow-Methods', 'GET, POST, OPTIONS');
        res.setHeader('Access-Control-Allow-Headers', 'Authorization, Content-Type, x-ms-bot-agent, x-requested-with');
        res.setHeader('Access-Control-Max-Age', '600');
      }
      // restify patches writeHead for the whole process: status and end as separate calls.
      res.writeHead(origin ? 204 : 403);
      res.end();
      return next(false);
    }
    return next();
  });

  const authenticate = (req: Request, res: Response): Auth | null => {
    const given = bearer(req.headers.authorization);
    if (!given) {
      sendError(res, 401, 'Unauthorized', 'Send "Authorization: Bearer <token>"');
      return null;
    }
    if (sameSecret(given, deps.secret)) return { kind: 'secret' };
    const checked = tokens.check(given);
    if (!checked.ok) {
      if (checked.reason === 'expired') sendError(res, 403, 'TokenExpired', 'The token has expired; get a new one');
      else sendError(res, 403, 'BadArgument', 'The token is not valid');
      return null;
    }
    return { kind: 'token', conversationId: checked.claims.conversationId };
  };

  /** The conversation a request may use: its token's own, or any known one with the secret. */
  const conversationFor = (req: Request, res: Response, auth: Auth): string | null => {
    const id = String(req.params?.conversationId ?? '');
    if (auth.kind === 'token' && auth.conversationId !== id) {
      sendError(res, 403, 'BadArgument', 'The token is for another conversation');
      return null;
    }
    if (auth.kind === 'secret' && !hub.has(id)) {
      sendError(res, 404, 'NotFound', 'Unknown conversation');
      return null;
    }
    return id;
  };

  const streamUrl = (req: Request, conversationId: string, token: string, watermark?: string): string => {
    const forwarded = String(req.headers['x-forwarded-proto'] ?? '').split(',')[0]!.trim();
    const secure = req.isSecure() || forwarded === 'https';
    const host = req.headers.host ?? 'localhost';
    const query = new URLSearchParams({ t: token, ...(watermark ? { watermark } : {}) });
    return `${secure ? 'wss' : 'ws'}://${host}${DIRECT_LINE_BASE}/conversations/${encodeURIComponent(conversationId)}/stream?${query}`;
  };

  /** A new conversation: the bot hears that a person joined and welcomes them. */
  const startConversation = async (conversationId: string): Promise<void> => {
    hub.open(conversationId);
    await runBot(conversationId, {
      type: 'conversationUpdate',
      membersAdded: [{ id: `user-${conversationId.slice(0, 8)}`, name: '', role: 'user' }, { ...BOT_ACCOUNT }],
      from: { id: `user-${conversationId.slice(0, 8)}`, name: '', role: 'user' },
    });
  };

  const runBot = async (conversationId: string, activity: Partial<Activity>): Promise<void> => {
    const incoming: Partial<Activity> = {
      ...activity,
      channelId: DIRECT_LINE_CHANNEL,
      serviceUrl: 'directline://local',
      conversation: { id: conversationId, isGroup: false, conversationType: 'personal', name: '' },
      recipient: { ...BOT_ACCOUNT },
      timestamp: new Date(now()),
    };
    try {
      await adapter.process(incoming, deps.logic);
    } catch (error) {
      logger.error({ err: error instanceof Error ? error.name : 'unknown', route: 'directline' }, 'bot turn failed');
    }
  };

  const newConversation = () => {
    const conversationId = randomUUID();
    return { conversationId, token: tokens.issue(conversationId), expires_in: tokens.expiresIn };
  };

  // For the gemeente's own back end, with the secret.
  server.post(`${DIRECT_LINE_BASE}/tokens/generate`, (req, res, next) => {
    const given = bearer(req.headers.authorization);
    if (!given || !sameSecret(given, deps.secret)) {
      sendError(res, 401, 'Unauthorized', 'Generating tokens needs the Direct Line secret');
      return next(false);
    }
    res.send(200, newConversation());
    return next();
  });

  server.post(`${DIRECT_LINE_BASE}/tokens/refresh`, (req, res, next) => {
    const auth = authenticate(req, res);
    if (!auth) return next(false);
    if (auth.kind !== 'token') {
      sendError(res, 400, 'BadArgument', 'Refresh needs a token, not the secret');
      return next(false);
    }
    res.send(200, { conversationId: auth.conversationId, token: tokens.issue(auth.conversationId), expires_in: tokens.expiresIn });
    return next();
  });

  server.post(`${DIRECT_LINE_BASE}/conversations`, async (req, res) => {
    const auth = authenticate(req, res);
    if (!auth) return;
    if (auth.kind === 'token') {
      const token = bearer(req.headers.authorization)!;
      const existed = hub.has(auth.conversationId);
      if (!existed) await startConversation(auth.conversationId);
      res.send(existed ? 200 : 201, { conversationId: auth.conversationId, token, expires_in: tokens.expiresIn, streamUrl: streamUrl(req, auth.conversationId, token) });
      return;
    }
    const created = newConversation();
    await startConversation(created.conversationId);
    res.send(201, { ...created, streamUrl: streamUrl(req, created.conversationId, created.token) });
  });

  // Reconnect: the same conversation, a fresh stream URL. Also after a server restart (the token proves it existed).
  server.get(`${DIRECT_LINE_BASE}/conversations/:conversationId`, (req, res, next) => {
    const auth = authenticate(req, res);
    if (!auth) return next(false);
    const id = conversationFor(req, res, auth);
    if (!id) return next(false);
    const watermark = typeof req.query?.watermark === 'string' ? req.query.watermark : undefined;
    hub.open(id, Number.parseInt(watermark ?? '0', 10) || 0);
    const token = auth.kind === 'token' ? bearer(req.headers.authorization)! : tokens.issue(id);
    res.send(200, { conversationId: id, token, expires_in: tokens.expiresIn, streamUrl: streamUrl(req, id, token, watermark) });
    return next();
  });

  server.get(`${DIRECT_LINE_BASE}/conversations/:conversationId/activities`, (req, res, next) => {
    const auth = authenticate(req, res);
    if (!auth) return next(false);
    const id = conversationFor(req, res, auth);
    if (!id) return next(false);
    const watermark = typeof req.query?.watermark === 'string' ? req.query.watermark : undefined;
    res.send(200, hub.since(id, watermark));
    return next();
  });

  server.post(`${DIRECT_LINE_BASE}/conversations/:conversationId/activities`, async (req, res) => {
    const auth = authenticate(req, res);
    if (!auth) return;
    const id = conversationFor(req, res, auth);
    if (!id) return;
    const parsed = IncomingActivity.safeParse(req.body);
    if (!parsed.success) {
      sendError(res, 400, 'BadArgument', parsed.error.issues.map((i) => `${i.path.join('.') || 'activity'}: ${i.message}`).join('; '));
      return;
    }
    const body = parsed.data;
    const from = { id: body.from?.id ?? `user-${id.slice(0, 8)}`, name: body.from?.name ?? '', role: 'user' };
    const activity: Partial<Activity> = {
      type: body.type,
      from,
      ...(body.text !== undefined ? { text: body.text } : {}),
      ...(body.value !== undefined ? { value: body.value } : {}),
      ...(body.name !== undefined ? { name: body.name } : {}),
      ...(body.locale !== undefined ? { locale: body.locale } : {}),
      // Web Chat matches its own message to this echo by clientActivityID.
      ...(body.channelData ? { channelData: { clientActivityID: body.channelData.clientActivityID, clientTimestamp: body.channelData.clientTimestamp } } : {}),
    };
    hub.open(id);
    if (body.type === 'typing') {
      res.send(200, { id: '' });
      return;
    }
    const echoed = hub.append(id, { ...activity, channelId: DIRECT_LINE_CHANNEL, conversation: { id, isGroup: false, conversationType: 'personal', name: '' }, timestamp: new Date(now()) });
    await runBot(id, { ...activity, id: echoed.id });
    res.send(200, { id: echoed.id });
  });

  // Visitors of the website: one token for one new conversation, no secret, a few per minute per address.
  server.post('/api/webchat/token', (req, res, next) => {
    if (!limiter.hit(req.socket.remoteAddress ?? 'unknown')) {
      res.setHeader('Retry-After', '60');
      sendError(res, 429, 'TooManyRequests', 'Too many new conversations from this address; try again in a minute');
      return next(false);
    }
    res.setHeader('Cache-Control', 'no-store');
    res.send(200, newConversation());
    return next();
  });

  // The stream: one socket per conversation per client, first a replay from the watermark, then live.
  const wss = new WebSocketServer({ noServer: true, maxPayload: 64 * 1024 });
  const onUpgrade = (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    const match = STREAM_PATH.exec(url.pathname);
    const reject = (status: number, text: string) => {
      socket.write(`HTTP/1.1 ${status} ${text}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
      socket.destroy();
    };
    // The stream is the only WebSocket here: any other upgrade gets a clear answer instead of a hanging socket.
    if (!match) return reject(404, 'Not Found');
    const token = url.searchParams.get('t') ?? bearer(req.headers.authorization) ?? '';
    const checked = tokens.check(token);
    const id = decodeURIComponent(match[1]!);
    if (!checked.ok) return reject(403, 'Forbidden');
    if (checked.claims.conversationId !== id) return reject(403, 'Forbidden');
    const origin = req.headers.origin;
    if (typeof origin === 'string' && !corsOrigin(req) && !sameHost(origin, req.headers.host)) return reject(403, 'Forbidden');
    wss.handleUpgrade(req, socket, head, (ws) => {
      // Clients only listen on the stream; anything they send is ignored.
      ws.on('message', () => undefined);
      ws.on('error', () => ws.terminate());
      hub.attach(id, ws, url.searchParams.get('watermark') ?? undefined);
    });
  };
  server.server.on('upgrade', onUpgrade);
  const keepAlive = setInterval(() => hub.keepAlive(), KEEP_ALIVE_MS);
  keepAlive.unref();
  const sweep = setInterval(() => hub.sweep(2 * tokens.expiresIn * 1000), 60_000);
  sweep.unref();

  return {
    close() {
      clearInterval(keepAlive);
      clearInterval(sweep);
      hub.closeAll();
      wss.close();
      server.server.off('upgrade', onUpgrade);
    },
  };
}

function sameHost(origin: string, host: string | undefined): boolean {
  try {
    return new URL(origin).host === host;
  } catch {
    return false;
  }
}
