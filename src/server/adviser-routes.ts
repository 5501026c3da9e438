// The adviser API under /api/adviser: login and logout, the queue, a conversation's summary and transcript, claim,
// messages, hand-back, close, internal notes, the audit log (admins) and a live event stream (server-sent events).
// Without a valid session every route answers 401; a state change without the session's CSRF token answers 403.
import type { Request, Response, Server } from 'restify';
import { z } from 'zod';
import type { i18n } from 'i18next';
import type { Logger } from '../logger.js';
import { AdviserAuth, type Session } from '../handoff/auth.js';
import { DeskError, type HandoffDesk, type QueueItem } from '../handoff/desk.js';
import type { DeskEvent, EventBus } from '../handoff/events.js';
import { OUTCOMES } from '../store/desk-types.js';

export const SESSION_COOKIE = 'keuzehulp_adviser';
const BASE = '/api/adviser';
/** A comment line on the event stream this often, so proxies keep it open and a dead session is noticed. */
const HEARTBEAT_MS = 15_000;
const MAX_TEXT = 4000;

const Login = z.strictObject({ email: z.string().min(3).max(254), password: z.string().min(1).max(1024) });
const Message = z.strictObject({ text: z.string().trim().min(1, 'text is empty').max(MAX_TEXT) });
const Release = z.strictObject({ note: z.string().max(MAX_TEXT).default('') });
const Close = z.strictObject({ outcome: z.enum(OUTCOMES) });
const Note = z.strictObject({ text: z.string().trim().min(1, 'text is empty').max(MAX_TEXT) });
const ConversationId = z.string().min(1).max(200).regex(/^[A-Za-z0-9._:|@+-]+$/, 'not a conversation id');
const AuditQuery = z.object({ since: z.iso.datetime().optional(), conversation: z.string().max(200).optional(), limit: z.coerce.number().int().min(1).max(10_000).optional() });

export interface AdviserRoutesDeps {
  desk: HandoffDesk;
  auth: AdviserAuth;
  bus: EventBus;
  i18n: i18n;
  logger: Logger;
}

function sendError(res: Response, status: number, code: string, message: string, extra: Record<string, unknown> = {}): void {
  res.send(status, { error: { code, message, ...extra } });
}

function cookieToken(req: Request): string | null {
  for (const part of (req.headers.cookie ?? '').split(';')) {
    const [name, ...rest] = part.trim().split('=');
    if (name === SESSION_COOKIE) return rest.join('=') || null;
  }
  return null;
}

function isSecure(req: Request): boolean {
  return req.isSecure() || String(req.headers['x-forwarded-proto'] ?? '').split(',')[0]?.trim() === 'https';
}

function sessionCookie(req: Request, value: string, maxAgeSeconds: number): string {
  return [`${SESSION_COOKIE}=${value}`, 'Path=/', 'HttpOnly', 'SameSite=Strict', `Max-Age=${maxAgeSeconds}`, ...(isSecure(req) ? ['Secure'] : [])].join('; ');
}

/** A request from a page of another site is refused outright (the cookie is SameSite=Strict too). */
function isCrossSite(req: Request): boolean {
  const origin = req.headers.origin;
  if (!origin) return false;
  try {
    return new URL(origin).host !== req.headers.host;
  } catch {
    return true;
  }
}

function bodyError(error: z.ZodError): string {
  return error.issues.map((i) => `${i.path.join('.') || 'body'}: ${i.message}`).join('; ');
}

export function registerAdviserRoutes(server: Server, deps: AdviserRoutesDeps): { close(): void } {
  const { desk, auth, bus, logger } = deps;
  const t = deps.i18n.getFixedT('nl');
  /** Conversations each session opened: only those get live `message` events. */
  const watching = new Map<string, Set<string>>();
  const streams = new Set<{ end(): void }>();

  const themeLabel = (id: string | null) => (id ? t(`content:theme.${id}.label`) : null);
  const withLabels = (items: QueueItem[]) => items.map((item) => ({ ...item, themeLabel: themeLabel(item.theme) }));

  type Handler = (req: Request, res: Response, session: Session) => Promise<void>;

  /** Session first (401), then the CSRF token for state changes (403), then the handler; errors become JSON. */
  const guarded = (changesState: boolean, handler: Handler) => (req: Request, res: Response, next: (err?: unknown) => void) => {
    void (async () => {
      if (isCrossSite(req)) return sendError(res, 403, 'cross_site', 'Requests from other sites are not accepted');
      const session = await auth.authenticate(cookieToken(req));
      if (!session) return sendError(res, 401, 'unauthenticated', 'Log in first');
      if (changesState && !AdviserAuth.csrfMatches(session, req.header('x-csrf-token'))) {
        return sendError(res, 403, 'csrf', 'Missing or wrong x-csrf-token');
      }
      res.setHeader('Cache-Control', 'no-store');
      await handler(req, res, session);
    })()
      .catch((error: unknown) => {
        if (error instanceof DeskError) {
          const status = error.code === 'not_found' ? 404 : error.code === 'channel_unavailable' ? 502 : 409;
          sendError(res, status, error.code, error.message, error.holder ? { holder: error.holder } : {});
          return;
        }
        logger.error({ err: error instanceof Error ? error.name : 'unknown', route: req.path() }, 'adviser api failed');
        if (!res.headersSent) sendError(res, 500, 'internal', 'Something went wrong; try again');
      })
      .finally(() => next());
  };

  const idOf = (req: Request): string | null => {
    const parsed = ConversationId.safeParse(req.params?.id);
    return parsed.success ? parsed.data : null;
  };

  server.post(`${BASE}/login`, (req, res, next) => {
    void (async () => {
      if (isCrossSite(req)) return sendError(res, 403, 'cross_site', 'Requests from other sites are not accepted');
      // JSON only: a plain HTML form on another site cannot send it.
      if (!String(req.headers['content-type'] ?? '').toLowerCase().startsWith('application/json')) {
        return sendError(res, 415, 'unsupported_media_type', 'Send JSON');
      }
      const parsed = Login.safeParse(req.body);
      if (!parsed.success) return sendError(res, 400, 'bad_request', bodyError(parsed.error));
      const result = await auth.login(parsed.data.email, parsed.data.password, req.socket.remoteAddress ?? 'unknown');
      if (!result.ok) {
        if (result.reason === 'limited') {
          res.setHeader('Retry-After', String(result.retryAfterSeconds));
          return sendError(res, 429, 'too_many_attempts', 'Too many failed logins; wait and try again');
        }
        await desk.recordFailedLogin();
        return sendError(res, 401, 'invalid_login', 'E-mail address or password is wrong');
      }
      await desk.recordAccess(result.session.adviser, 'login');
      const maxAge = Math.max(0, Math.round((Date.parse(result.session.expiresAt) - Date.now()) / 1000));
      res.setHeader('Set-Cookie', sessionCookie(req, result.token, maxAge));
      res.setHeader('Cache-Control', 'no-store');
      res.send(200, { csrfToken: result.session.csrfToken, adviser: result.session.adviser });
    })()
      .catch((error: unknown) => {
        logger.error({ err: error instanceof Error ? error.name : 'unknown' }, 'login failed');
        if (!res.headersSent) sendError(res, 500, 'internal', 'Something went wrong; try again');
      })
      .finally(() => next());
  });

  server.get(`${BASE}/session`, guarded(false, async (_req, res, session) => {
    res.send(200, { csrfToken: session.csrfToken, adviser: session.adviser });
  }));

  server.post(`${BASE}/logout`, guarded(true, async (req, res, session) => {
    await auth.logout(session);
    watching.delete(session.tokenHash);
    await desk.recordAccess(session.adviser, 'logout');
    res.setHeader('Set-Cookie', sessionCookie(req, '', 0));
    res.send(200, { ok: true });
  }));

  server.get(`${BASE}/queue`, guarded(false, async (_req, res) => {
    res.send(200, { items: withLabels(await desk.queue()) });
  }));

  server.get(`${BASE}/conversations/:id`, guarded(false, async (req, res, session) => {
    const id = idOf(req);
    if (!id) return sendError(res, 404, 'not_found', 'Unknown conversation');
    const view = await desk.view(id, session.adviser);
    let set = watching.get(session.tokenHash);
    if (!set) watching.set(session.tokenHash, (set = new Set()));
    set.add(id);
    res.send(200, view);
  }));

  /** A state change on one conversation: the id checked (404), the body parsed with its schema (400), then the work. */
  const onConversation = <S extends z.ZodType>(action: string, schema: S, work: (id: string, body: z.output<S>, session: Session, res: Response) => Promise<void>) => {
    server.post(`${BASE}/conversations/:id/${action}`, guarded(true, async (req, res, session) => {
      const id = idOf(req);
      if (!id) return sendError(res, 404, 'not_found', 'Unknown conversation');
      const parsed = schema.safeParse(req.body ?? {});
      if (!parsed.success) return sendError(res, 400, 'bad_request', bodyError(parsed.error));
      await work(id, parsed.data, session, res);
    }));
  };
  const NoBody = z.object({});

  onConversation('claim', NoBody, async (id, _body, session, res) => {
    await desk.claim(id, session.adviser);
    res.send(200, { status: 'claimed' });
  });
  onConversation('messages', Message, async (id, body, session, res) => {
    res.send(201, { entry: await desk.message(id, session.adviser, body.text) });
  });
  onConversation('release', Release, async (id, body, session, res) => {
    await desk.release(id, session.adviser, body.note);
    res.send(200, { status: 'released' });
  });
  onConversation('close', Close, async (id, body, session, res) => {
    await desk.close(id, session.adviser, body.outcome);
    res.send(200, { status: 'closed' });
  });
  onConversation('notes', Note, async (id, body, session, res) => {
    res.send(201, { note: await desk.addNote(id, session.adviser, body.text) });
  });
  onConversation('reengage', NoBody, async (id, _body, session, res) => {
    await desk.reengage(id, session.adviser);
    res.send(200, { status: 'sent' });
  });

  server.get(`${BASE}/audit`, guarded(false, async (req, res, session) => {
    if (session.adviser.role !== 'admin') return sendError(res, 403, 'forbidden', 'Only an admin can read the audit log');
    const parsed = AuditQuery.safeParse(req.query ?? {});
    if (!parsed.success) return sendError(res, 400, 'bad_request', bodyError(parsed.error));
    const entries = await desk.store.listAudit({
      ...(parsed.data.since ? { since: parsed.data.since } : {}),
      ...(parsed.data.conversation ? { conversationId: parsed.data.conversation } : {}),
      ...(parsed.data.limit ? { limit: parsed.data.limit } : {}),
    });
    res.send(200, { entries });
  }));

  // Live events. Written by hand on the raw response: restify patches writeHead for the whole process, so the status
  // line and the body are separate calls.
  server.get(`${BASE}/events`, guarded(false, async (req, res, session) => {
    res.writeHead(200, {
      'Content-Type': 'text/event-stream; charset=utf-8',
      'Cache-Control': 'no-store',
      Connection: 'keep-alive',
      'X-Accel-Buffering': 'no',
    });
    const write = (event: string, data: unknown) => res.write(`event: ${event}\ndata: ${JSON.stringify(data)}\n\n`);
    // One queue read at a time: several changes in one moment become one frame, and a change during a read
    // gets a fresh read after it, so no frame is older than the one before and no change is lost.
    let reading = false;
    let again = false;
    const sendQueue = (): void => {
      if (reading) {
        again = true;
        return;
      }
      reading = true;
      void new Promise<void>((resolve) => setImmediate(resolve))
        .then(() => desk.queue())
        .then((items) => {
          if (!ended) write('queue', { items: withLabels(items) });
        })
        .catch(() => undefined)
        .finally(() => {
          reading = false;
          if (again && !ended) {
            again = false;
            sendQueue();
          }
        });
    };
    const onEvent = (event: DeskEvent) => {
      switch (event.type) {
        case 'queue':
          sendQueue();
          break;
        case 'message':
          if (watching.get(session.tokenHash)?.has(event.conversationId)) write('message', { conversationId: event.conversationId, entry: event.entry });
          break;
        case 'crisis':
          write('crisis', { conversationId: event.conversationId });
          break;
        case 'status':
          write('status', { conversationId: event.conversationId, status: event.status, by: event.by });
          break;
      }
    };
    // Listen first, then send the queue as it is: a change while the first list is read comes as a frame after it.
    const unsubscribe = bus.subscribe(onEvent);
    sendQueue();
    const heartbeat = setInterval(() => {
      // A session that ended (logout, expiry) ends its stream too.
      void auth.authenticate(cookieToken(req)).then((alive) => {
        if (alive) res.write(': keep-alive\n\n');
        else stream.end();
      });
    }, HEARTBEAT_MS);
    let ended = false;
    const stream = {
      end: () => {
        if (ended) return;
        ended = true;
        clearInterval(heartbeat);
        unsubscribe();
        streams.delete(stream);
        res.end();
      },
    };
    streams.add(stream);
    req.on('close', () => stream.end());
  }));

  return {
    close: () => {
      for (const stream of [...streams]) stream.end();
    },
  };
}
