// The WhatsApp webhook: GET /api/whatsapp answers Meta's verification handshake; POST /api/whatsapp takes deliveries.
// A delivery must carry X-Hub-Signature-256 (HMAC-SHA256 of the raw body with the app secret), checked in constant
// time: without it, 401 and nothing is read. It is answered 200 at once; messages are then handled one after the
// other per sender, each message id once (also after a restart), statuses and unknown fields ignored.
import { createHmac, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type { Activity, TurnContext } from 'botbuilder';
import type { Request, Response, Server } from 'restify';
import type { i18n } from 'i18next';
import type { Logger } from '../../logger.js';
import type { ConversationStore } from '../../store/types.js';
import { InboundMessage, Webhook } from './schema.js';
import { WHATSAPP_CHANNEL, type WhatsAppAdapter } from './adapter.js';

export const WHATSAPP_PATH = '/api/whatsapp';
/** Meta's deliveries are small; anything larger is not from Meta. */
const MAX_BODY_BYTES = 1024 * 1024;

export interface WhatsAppRouteDeps {
  verifyToken: string;
  appSecret: string;
  /** The deployment's own secret key (the one in DIRECTLINE_TOKEN_KEY_FILE): keys the conversation ids. */
  idKey: Buffer;
  phoneNumberId: string;
  graphUrl: string;
  adapter: WhatsAppAdapter;
  logic: (context: TurnContext) => Promise<void>;
  store: ConversationStore;
  i18n: i18n;
  defaultLanguage: string;
  logger: Logger;
}

function sameText(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

/**
 * The conversation id for a WhatsApp number: a keyed hash, so ids in the store and the audit log hold no phone
 * number. Keyed with the deployment's own key (not Meta's app secret, which a gemeente may have to rotate).
 */
export function conversationIdFor(waId: string, key: Buffer): string {
  return `wa-${createHmac('sha256', key).update(`whatsapp-conversation:${waId}`).digest('hex').slice(0, 32)}`;
}

function readBody(req: IncomingMessage): Promise<Buffer | null> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY_BYTES) {
        resolve(null);
        req.destroy();
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

export function registerWhatsApp(server: Server, deps: WhatsAppRouteDeps): { drain(): Promise<void> } {
  const { logger } = deps;
  /** Per sender, the messages still being handled: the next one waits for the previous. */
  const chains = new Map<string, Promise<void>>();

  server.get(WHATSAPP_PATH, (req: Request, res: Response, next) => {
    const query = (req.query ?? {}) as Record<string, unknown>;
    const challenge = typeof query['hub.challenge'] === 'string' ? query['hub.challenge'] : '';
    const ok = query['hub.mode'] === 'subscribe' && typeof query['hub.verify_token'] === 'string' && sameText(query['hub.verify_token'], deps.verifyToken);
    if (!ok || !challenge) {
      logger.warn({ channel: WHATSAPP_CHANNEL }, 'webhook verification refused');
      res.send(403, { error: { code: 'forbidden', message: 'Verification failed' } });
      return next(false);
    }
    res.setHeader('Content-Type', 'text/plain; charset=utf-8');
    res.writeHead(200);
    res.end(challenge);
    return next();
  });

  server.post(WHATSAPP_PATH, (req: Request, res: Response, next) => {
    void (async () => {
      const raw = await readBody(req);
      if (raw === null) return res.send(413, { error: { code: 'too_large', message: 'Body too large' } });
      const header = req.header('x-hub-signature-256') ?? '';
      const expected = `sha256=${createHmac('sha256', deps.appSecret).update(raw).digest('hex')}`;
      if (!sameText(header, expected)) {
        logger.warn({ channel: WHATSAPP_CHANNEL, signature: header ? 'wrong' : 'missing' }, 'webhook delivery refused');
        return res.send(401, { error: { code: 'bad_signature', message: 'Missing or wrong X-Hub-Signature-256' } });
      }
      let payload: unknown;
      try {
        payload = JSON.parse(raw.toString('utf8'));
      } catch {
        return res.send(400, { error: { code: 'bad_request', message: 'Body is not JSON' } });
      }
      const parsed = Webhook.safeParse(payload);
      if (!parsed.success) {
        logger.warn({ channel: WHATSAPP_CHANNEL, issues: parsed.error.issues.length }, 'webhook payload not understood');
        return res.send(400, { error: { code: 'bad_request', message: parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ') } });
      }
      // Meta wants 200 quickly; the messages are handled after the answer.
      res.send(200, { ok: true });
      for (const entry of parsed.data.entry) {
        for (const change of entry.changes) {
          if (change.field !== 'messages') continue;
          if (change.value.metadata?.phone_number_id && change.value.metadata.phone_number_id !== deps.phoneNumberId) {
            logger.warn({ channel: WHATSAPP_CHANNEL }, 'delivery for another phone number id ignored');
            continue;
          }
          for (const item of change.value.messages ?? []) {
            const message = InboundMessage.safeParse(item);
            if (!message.success) {
              logger.warn({ channel: WHATSAPP_CHANNEL }, 'message not understood, skipped');
              continue;
            }
            enqueue(message.data);
          }
          // Statuses (sent, delivered, read, failed) need nothing from us; failures are counted in the log.
          const failed = (change.value.statuses ?? []).filter((s) => s.status === 'failed').length;
          if (failed > 0) logger.warn({ channel: WHATSAPP_CHANNEL, failed }, 'messages reported failed by WhatsApp');
        }
      }
    })()
      .catch((error: unknown) => {
        logger.error({ channel: WHATSAPP_CHANNEL, err: error instanceof Error ? error.name : 'unknown' }, 'webhook failed');
        if (!res.headersSent) res.send(500, { error: { code: 'internal', message: 'Try again' } });
      })
      .finally(() => next());
  });

  function enqueue(message: InboundMessage): void {
    const previous = chains.get(message.from) ?? Promise.resolve();
    const current = previous.then(() => handle(message)).catch((error: unknown) => {
      logger.error({ channel: WHATSAPP_CHANNEL, err: error instanceof Error ? error.name : 'unknown' }, 'message handling failed');
    });
    chains.set(message.from, current);
    void current.finally(() => {
      if (chains.get(message.from) === current) chains.delete(message.from);
    });
  }

  async function handle(message: InboundMessage): Promise<void> {
    // A repeated delivery (Meta retries until it gets 200) is answered once, also across restarts.
    if (!(await deps.store.recordDelivery(WHATSAPP_CHANNEL, message.id, new Date().toISOString()))) return;
    const conversationId = conversationIdFor(message.from, deps.idKey);
    const base: Partial<Activity> = {
      channelId: WHATSAPP_CHANNEL,
      id: message.id,
      timestamp: message.timestamp ? new Date(Number(message.timestamp) * 1000) : new Date(),
      serviceUrl: deps.graphUrl,
      from: { id: message.from, name: '', role: 'user' },
      recipient: { id: deps.phoneNumberId, name: 'Keuzehulp', role: 'bot' },
      conversation: { id: conversationId, isGroup: false, conversationType: 'personal', name: '' },
    };
    const reply = message.interactive?.button_reply ?? message.interactive?.list_reply;
    let activity: Partial<Activity> | null = null;
    if (message.type === 'text' && message.text) activity = { ...base, type: 'message', text: message.text.body };
    else if (message.type === 'interactive' && reply) activity = { ...base, type: 'message', text: reply.title ?? reply.id, value: { choiceId: reply.id } };
    else if (message.type === 'button' && (message.button?.text || message.button?.payload)) activity = { ...base, type: 'message', text: message.button.text ?? message.button.payload };
    if (activity) {
      await deps.adapter.process(activity, deps.logic);
      return;
    }
    // Photos, voice messages, locations, stickers, documents: a kind answer in the person's language; the
    // conversation stays where it was.
    const language = (await deps.store.get(conversationId))?.language ?? deps.defaultLanguage;
    await deps.adapter.process({ ...base, type: 'event', name: 'whatsapp/unsupported' }, async (context) => {
      await context.sendActivity({ type: 'message', text: deps.i18n.getFixedT(language)('whatsapp:onlyText'), locale: language });
    });
    logger.info({ channel: WHATSAPP_CHANNEL, type: message.type }, 'non-text message answered');
  }

  return {
    /** Wait until every message received so far is handled (tests, shutdown). */
    async drain() {
      while (chains.size > 0) await Promise.all([...chains.values()]);
    },
  };
}
