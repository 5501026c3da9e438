// A local stand-in for the WhatsApp Graph API on loopback: it checks every request against the documented shapes
// (https://developers.facebook.com/docs/whatsapp/cloud-api/reference/messages) and limits, records what the phone
// would receive, and can answer 429 or 500 on demand. Plus signed webhook deliveries in Meta's documented shape.
import { createHmac } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import { z } from 'zod';

export const PHONE_NUMBER_ID = '106540352242922';
export const ACCESS_TOKEN = 'EAAtest-access-token';
export const APP_SECRET = 'test-app-secret-0123456789abcdef';
export const VERIFY_TOKEN = 'keuzehulp-verify-token';

const Reply = z.strictObject({ id: z.string().min(1).max(256), title: z.string().min(1).max(20) });
const Row = z.strictObject({ id: z.string().min(1).max(200), title: z.string().min(1).max(24), description: z.string().min(1).max(72).optional() });
const Base = { messaging_product: z.literal('whatsapp'), recipient_type: z.literal('individual').optional(), to: z.string().regex(/^\d{6,20}$/) };

export const OutboundMessage = z.discriminatedUnion('type', [
  z.strictObject({ ...Base, type: z.literal('text'), text: z.strictObject({ body: z.string().min(1).max(4096), preview_url: z.boolean().optional() }) }),
  z.strictObject({
    ...Base,
    type: z.literal('interactive'),
    interactive: z.discriminatedUnion('type', [
      z.strictObject({
        type: z.literal('button'),
        body: z.strictObject({ text: z.string().min(1).max(1024) }),
        action: z.strictObject({ buttons: z.array(z.strictObject({ type: z.literal('reply'), reply: Reply })).min(1).max(3) }),
      }),
      z.strictObject({
        type: z.literal('list'),
        body: z.strictObject({ text: z.string().min(1).max(4096) }),
        action: z.strictObject({
          button: z.string().min(1).max(20),
          sections: z.array(z.strictObject({ title: z.string().max(24).optional(), rows: z.array(Row).min(1).max(10) })).min(1).max(10),
        }),
      }),
    ]),
  }),
  z.strictObject({ ...Base, type: z.literal('template'), template: z.strictObject({ name: z.string().min(1), language: z.strictObject({ code: z.string().min(2) }) }) }),
]);
export type OutboundMessage = z.infer<typeof OutboundMessage>;

export interface GraphStandIn {
  url: string;
  /** Valid messages, in the order they arrived. */
  messages: OutboundMessage[];
  /** Requests that broke the documented shape or the rules (bearer token, path, unique ids …). */
  invalid: string[];
  /** How many requests arrived (including refused ones). */
  requests: number;
  /** Answer the next requests with these statuses (e.g. [429, 500]) before answering normally. */
  failNext(statuses: number[]): void;
  /** Messages to one phone, as the text a person would read. */
  readBy(to: string): string[];
  close(): Promise<void>;
}

export async function startGraph(): Promise<GraphStandIn> {
  const messages: OutboundMessage[] = [];
  const invalid: string[] = [];
  const failures: number[] = [];
  let requests = 0;
  let sequence = 0;
  const server: Server = createServer((req, res) => {
    let body = '';
    req.on('data', (chunk) => (body += chunk));
    req.on('end', () => {
      requests++;
      const answer = (status: number, payload: unknown) => {
        res.setHeader('Content-Type', 'application/json');
        if (status === 429) res.setHeader('Retry-After', '0');
        res.writeHead(status);
        res.end(JSON.stringify(payload));
      };
      if (req.method !== 'POST' || req.url !== `/v21.0/${PHONE_NUMBER_ID}/messages`) {
        invalid.push(`${req.method} ${req.url}`);
        return answer(404, { error: { message: 'Unknown path', code: 100 } });
      }
      if (req.headers.authorization !== `Bearer ${ACCESS_TOKEN}`) {
        invalid.push('missing or wrong bearer token');
        return answer(401, { error: { message: 'Invalid OAuth access token', code: 190 } });
      }
      if (!String(req.headers['content-type']).startsWith('application/json')) invalid.push('content-type is not JSON');
      const failure = failures.shift();
      if (failure) return answer(failure, { error: { message: failure === 429 ? 'Rate limit hit' : 'Service unavailable', code: failure === 429 ? 130429 : 1 } });
      let parsed: OutboundMessage;
      try {
        const result = OutboundMessage.safeParse(JSON.parse(body));
        if (!result.success) throw new Error(result.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; '));
        parsed = result.data;
      } catch (error) {
        invalid.push(`bad message: ${(error as Error).message}`);
        return answer(400, { error: { message: 'Invalid parameter', code: 100 } });
      }
      if (parsed.type === 'interactive') {
        const ids = parsed.interactive.type === 'button' ? parsed.interactive.action.buttons.map((b) => b.reply.id) : parsed.interactive.action.sections.flatMap((s) => s.rows.map((r) => r.id));
        if (new Set(ids).size !== ids.length) invalid.push('duplicate choice ids');
        if (parsed.interactive.type === 'list' && parsed.interactive.action.sections.flatMap((s) => s.rows).length > 10) invalid.push('more than 10 rows');
        if (parsed.interactive.type === 'button') {
          const titles = parsed.interactive.action.buttons.map((b) => b.reply.title);
          if (new Set(titles).size !== titles.length) invalid.push('duplicate button titles');
        }
      }
      messages.push(parsed);
      answer(200, { messaging_product: 'whatsapp', contacts: [{ input: parsed.to, wa_id: parsed.to }], messages: [{ id: `wamid.out${++sequence}` }] });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as { port: number }).port;
  return {
    url: `http://127.0.0.1:${port}/v21.0`,
    messages,
    invalid,
    get requests() {
      return requests;
    },
    failNext: (statuses) => failures.push(...statuses),
    readBy: (to) =>
      messages
        .filter((m) => m.to === to)
        .map((m) => (m.type === 'text' ? m.text.body : m.type === 'interactive' ? m.interactive.body.text : `[template ${m.template.name}]`)),
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

let messageCounter = 0;

/** A webhook delivery with one message from `from`, in Meta's documented shape. */
export function delivery(from: string, message: Record<string, unknown>, id = `wamid.in${Date.now()}${++messageCounter}`) {
  return {
    id,
    body: {
      object: 'whatsapp_business_account',
      entry: [
        {
          id: '102290129340398',
          changes: [
            {
              field: 'messages',
              value: {
                messaging_product: 'whatsapp',
                metadata: { display_phone_number: '15550783881', phone_number_id: PHONE_NUMBER_ID },
                contacts: [{ profile: { name: 'Mantelzorger' }, wa_id: from }],
                messages: [{ from, id, timestamp: String(Math.floor(Date.now() / 1000)), ...message }],
              },
            },
          ],
        },
      ],
    },
  };
}

export function sign(raw: string, secret = APP_SECRET): string {
  return `sha256=${createHmac('sha256', secret).update(Buffer.from(raw, 'utf8')).digest('hex')}`;
}

export async function postWebhook(base: string, body: unknown, signature?: string | null) {
  const raw = typeof body === 'string' ? body : JSON.stringify(body);
  const headers: Record<string, string> = { 'Content-Type': 'application/json' };
  const sig = signature === undefined ? sign(raw) : signature;
  if (sig !== null) headers['X-Hub-Signature-256'] = sig;
  const res = await fetch(`${base}/api/whatsapp`, { method: 'POST', headers, body: raw });
  return { status: res.status, body: await res.text() };
}
