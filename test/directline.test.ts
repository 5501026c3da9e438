// Self-hosted Direct Line with Microsoft's own client (botframework-directlinejs) over WebSocket and over polling,
// a reconnect after a server restart, tokens, CORS, the web chat token endpoint, and /api/messages.
import { createServer, type IncomingMessage } from 'node:http';
import { randomBytes } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { DirectLine, ConnectionStatus } from 'botframework-directlinejs';
import type { Activity } from 'botbuilder';
import { TokenIssuer } from '../src/channels/directline/tokens.js';
import { SECRET, collector, json, restConversation, startServer, tempDatabase, type Running } from './directline-helpers.js';

const running: Running[] = [];
const clients: DirectLine[] = [];
afterEach(async () => {
  for (const client of clients.splice(0)) client.end();
  for (const server of running.splice(0)) await server.stop();
});

async function start(options: Parameters<typeof startServer>[0] = {}) {
  const server = await startServer(options);
  running.push(server);
  return server;
}

function connect(server: Running, options: { token: string; webSocket: boolean; conversationId?: string; watermark?: string }) {
  const client = new DirectLine({
    token: options.token,
    domain: `${server.base}/v3/directline`,
    webSocket: options.webSocket,
    pollingInterval: 100,
    ...(options.conversationId ? { conversationId: options.conversationId } : {}),
    ...(options.watermark ? { watermark: options.watermark } : {}),
  });
  clients.push(client);
  const seen = collector();
  // end() completes the streams with an error ("conversation ended"): expected when a test closes the client.
  client.activity$.subscribe({ next: (a) => seen.push(a as Partial<Activity>), error: () => undefined });
  return { client, seen };
}

function post(client: DirectLine, activity: Partial<Activity>): Promise<string> {
  return new Promise((resolve, reject) => {
    client.postActivity({ from: { id: 'inwoner-1' }, ...activity } as never).subscribe({ next: (id) => resolve(String(id)), error: reject });
  });
}

/** Walk a conversation to its first advice: tell the story, then take the first choice each time. */
async function walkToAdvice(client: DirectLine, seen: ReturnType<typeof collector>) {
  let { index } = await seen.turnEnd(0);
  await post(client, { type: 'message', text: 'ik heb schulden en de deurwaarder komt volgende week' });
  for (let step = 0; step < 12; step++) {
    const turn = await seen.turnEnd(index + 1);
    index = turn.index;
    const state = (turn.activity.channelData as any).keuzehulp;
    if (state.advice.length > 0) return { turn, state };
    const actions = turn.activity.suggestedActions?.actions ?? [];
    expect(actions.length, `choices in state ${state.state}`).toBeGreaterThan(0);
    await post(client, { type: 'message', text: actions[0]!.title, value: actions[0]!.value });
  }
  throw new Error('no advice after 12 turns');
}

describe('Direct Line with botframework-directlinejs', () => {
  for (const webSocket of [true, false]) {
    it(`holds a full conversation to advice over ${webSocket ? 'the WebSocket stream' : 'polling'}`, async () => {
      const server = await start();
      const { body } = await json(`${server.base}/api/webchat/token`, { method: 'POST' });
      const { client, seen } = connect(server, { token: body.token, webSocket });
      const statuses: ConnectionStatus[] = [];
      client.connectionStatus$.subscribe({ next: (s) => statuses.push(s), error: () => undefined });
      const { state } = await walkToAdvice(client, seen);
      expect(statuses).toContain(ConnectionStatus.Online);
      // The welcome says it is a digital assistant; advice comes grouped by route, with cards that have phone links.
      expect(seen.activities.some((a) => /digitale hulp/.test(a.text ?? ''))).toBe(true);
      expect(state.advice[0].route).toBe('basis');
      const cards = seen.activities.flatMap((a) => a.attachments ?? []);
      expect(cards.length).toBeGreaterThan(0);
      expect(JSON.stringify(cards)).toMatch(/tel:\d+/);
      // Everything the person typed comes back once as their own activity (Web Chat shows it from this echo).
      const own = seen.activities.filter((a) => a.from?.id === 'inwoner-1');
      expect(own[0]!.text).toBe('ik heb schulden en de deurwaarder komt volgende week');
      // The conversation is stored: the engine has its state under the Direct Line conversation id.
      const record = await server.store.get(String(own[0]!.conversation?.id));
      expect(record?.channel).toBe('directline');
    });
  }

  it('continues the conversation after a server restart, from the watermark', async () => {
    const database = tempDatabase();
    const tokenKey = randomBytes(32);
    const first = await start({ database, tokenKey });
    const { body } = await json(`${first.base}/api/webchat/token`, { method: 'POST' });
    const { client, seen } = connect(first, { token: body.token, webSocket: true });
    const welcome = await seen.turnEnd(0);
    await post(client, { type: 'message', text: 'ik voel me zo eenzaam sinds mijn man is overleden' });
    const asked = await seen.turnEnd(welcome.index + 1);
    expect((asked.activity.channelData as any).keuzehulp.state).toBe('askingQuestions');
    const watermark = String(asked.activity.id).split('|')[1]!.replace(/^0+/, '');
    client.end();
    const port = first.port;
    running.splice(running.indexOf(first), 1);
    await first.stop();

    const second = await start({ database, tokenKey, port });
    const again = connect(second, { token: body.token, webSocket: true, conversationId: body.conversationId, watermark });
    await post(again.client, { type: 'message', text: 'nee' });
    const next = await again.seen.turnEnd(0);
    // Not a new welcome: the dialogue goes on with the next question of the same theme.
    expect(again.seen.activities.some((a) => /digitale hulp/.test(a.text ?? ''))).toBe(false);
    expect((next.activity.channelData as any).keuzehulp.state).not.toBe('askingSituation');
    const record = await second.store.get(body.conversationId);
    expect(record!.revision).toBeGreaterThanOrEqual(3);
    // New activities continue after the watermark the client had.
    expect(Number(String(next.activity.id).split('|')[1])).toBeGreaterThan(Number(watermark));
  });
});

/** A started conversation over REST, and a way to send one message and get the bot's messages in reply. */
describe('Direct Line REST rules', () => {
  it('refuses missing, foreign and expired tokens, and unknown conversations', async () => {
    const tokenKey = randomBytes(32);
    const server = await start({ tokenKey });
    const a = (await json(`${server.base}/api/webchat/token`, { method: 'POST' })).body;
    const b = (await json(`${server.base}/api/webchat/token`, { method: 'POST' })).body;
    const auth = (token: string) => ({ headers: { Authorization: `Bearer ${token}` } });
    expect((await json(`${server.base}/v3/directline/conversations/${a.conversationId}/activities`)).status).toBe(401);
    expect((await json(`${server.base}/v3/directline/conversations/${a.conversationId}/activities`, auth(b.token))).status).toBe(403);
    const expired = new TokenIssuer(tokenKey, 60, () => Date.now() - 3_600_000).issue(a.conversationId);
    const refused = await json(`${server.base}/v3/directline/conversations/${a.conversationId}/activities`, auth(expired));
    expect(refused.status).toBe(403);
    expect(refused.body.error.code).toBe('TokenExpired');
    expect((await json(`${server.base}/v3/directline/conversations/${a.conversationId}/activities`, auth(`${a.token}x`))).status).toBe(403);
    expect((await json(`${server.base}/v3/directline/conversations/unknown-conversation`, auth(SECRET))).status).toBe(404);
  });

  it('starts a conversation once per token (201, then 200) and refreshes tokens', async () => {
    const server = await start();
    const { body } = await json(`${server.base}/api/webchat/token`, { method: 'POST' });
    const init = { method: 'POST', headers: { Authorization: `Bearer ${body.token}` } };
    const first = await json(`${server.base}/v3/directline/conversations`, init);
    expect(first.status).toBe(201);
    expect(first.body.streamUrl).toMatch(/^ws:\/\/127\.0\.0\.1:\d+\/v3\/directline\/conversations\/.+\/stream\?t=/);
    expect((await json(`${server.base}/v3/directline/conversations`, init)).status).toBe(200);
    const refreshed = await json(`${server.base}/v3/directline/tokens/refresh`, init);
    expect(refreshed.status).toBe(200);
    expect(refreshed.body.conversationId).toBe(body.conversationId);
    const generated = await json(`${server.base}/v3/directline/tokens/generate`, { method: 'POST', headers: { Authorization: `Bearer ${SECRET}` } });
    expect(generated.status).toBe(200);
    expect(generated.body.token).toMatch(/^kh1\./);
    expect((await json(`${server.base}/v3/directline/tokens/generate`, { method: 'POST', headers: { Authorization: 'Bearer wrong' } })).status).toBe(401);
  });

  it('keeps one stream per conversation: a new one replaces the old, and replays from its watermark', async () => {
    const server = await start();
    const { body } = await json(`${server.base}/api/webchat/token`, { method: 'POST' });
    const started = (await json(`${server.base}/v3/directline/conversations`, { method: 'POST', headers: { Authorization: `Bearer ${body.token}` } })).body;
    const { default: WebSocket } = await import('ws');
    const open = (url: string) =>
      new Promise<{ socket: InstanceType<typeof WebSocket>; frames: string[]; closed: Promise<number> }>((resolve, reject) => {
        const socket = new WebSocket(url);
        const frames: string[] = [];
        const closed = new Promise<number>((done) => socket.on('close', (code) => done(code)));
        socket.on('message', (data) => frames.push(data.toString()));
        socket.on('open', () => resolve({ socket, frames, closed }));
        socket.on('error', reject);
      });
    const first = await open(started.streamUrl);
    await expect.poll(() => first.frames.length).toBeGreaterThan(0);
    const watermark = JSON.parse(first.frames[0]!).watermark as string;
    const second = await open(`${started.streamUrl}&watermark=${watermark}`);
    expect(await first.closed).toBe(1000);
    // Nothing new since that watermark: the new stream replays nothing.
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(second.frames).toEqual([]);
    second.socket.close();
    // A stream with a token of another conversation is refused, and so is a WebSocket anywhere else.
    const other = (await json(`${server.base}/api/webchat/token`, { method: 'POST' })).body;
    await expect(open(started.streamUrl.replace(/t=[^&]+/, `t=${other.token}`))).rejects.toThrow(/403/);
    await expect(open(started.streamUrl.replace(/\/stream\?/, '/elsewhere?'))).rejects.toThrow(/404/);
  });

  it('pages activities by watermark and refuses an invalid activity with a clear error', async () => {
    const server = await start();
    const { body } = await json(`${server.base}/api/webchat/token`, { method: 'POST' });
    const headers = { Authorization: `Bearer ${body.token}`, 'Content-Type': 'application/json' };
    await json(`${server.base}/v3/directline/conversations`, { method: 'POST', headers });
    const all = await json(`${server.base}/v3/directline/conversations/${body.conversationId}/activities`, { headers });
    expect(all.body.activities.length).toBeGreaterThan(0);
    const later = await json(`${server.base}/v3/directline/conversations/${body.conversationId}/activities?watermark=${all.body.watermark}`, { headers });
    expect(later.body.activities).toEqual([]);
    expect(later.body.watermark).toBe(all.body.watermark);
    const bad = await json(`${server.base}/v3/directline/conversations/${body.conversationId}/activities`, { method: 'POST', headers, body: JSON.stringify({ type: 'invoke', text: 1 }) });
    expect(bad.status).toBe(400);
    expect(bad.body.error.message).toMatch(/type/);
  });

  it('refuses a message over 2,000 characters kindly and keeps the conversation where it was', async () => {
    const server = await start();
    const conversation = await restConversation(server);
    const { status, replies } = await conversation.reply('a'.repeat(2001));
    expect(status).toBe(200);
    expect(replies.map((a) => a.text)).toEqual([expect.stringMatching(/te lang/)]);
    expect((await server.store.get(conversation.conversationId))!.state).toBe('askingSituation');
  });

  it('answers a crisis with the numbers first, as text and as a card with call buttons', async () => {
    const server = await start();
    const { replies } = await (await restConversation(server)).reply('ik wil niet meer leven');
    expect(replies[0]!.text).toMatch(/113/);
    const buttons = (replies[0]!.attachments![0]!.content as { buttons: Array<{ value: string }> }).buttons.map((b) => b.value);
    expect(buttons).toContain('tel:113');
    expect(buttons).toContain('tel:112');
    expect(replies.at(-1)!.channelData.keuzehulp.crisis).toBe(true);
  });

  it('answers CORS preflights for allowed origins only', async () => {
    const server = await start();
    const preflight = (origin: string) =>
      fetch(`${server.base}/v3/directline/conversations`, { method: 'OPTIONS', headers: { Origin: origin, 'Access-Control-Request-Method': 'POST', 'Access-Control-Request-Headers': 'authorization,x-ms-bot-agent' } });
    const allowed = await preflight('https://www.voorbeeld.nl');
    expect(allowed.status).toBe(204);
    expect(allowed.headers.get('access-control-allow-origin')).toBe('https://www.voorbeeld.nl');
    expect(allowed.headers.get('access-control-allow-headers')).toMatch(/Authorization.*x-ms-bot-agent/);
    const other = await preflight('https://evil.example');
    expect(other.status).toBe(403);
    expect(other.headers.get('access-control-allow-origin')).toBeNull();
  });

  it('limits new web chat tokens per address', async () => {
    const server = await start({ config: { webchat: { allowedOrigins: [], tokensPerMinute: 2 } } });
    const statuses = [];
    for (let i = 0; i < 3; i++) statuses.push((await json(`${server.base}/api/webchat/token`, { method: 'POST' })).status);
    expect(statuses).toEqual([200, 200, 429]);
  });
});

describe('/api/messages (Bot Framework)', () => {
  it('answers 401 when Bot Framework authentication is not configured', async () => {
    const server = await start();
    const res = await json(`${server.base}/api/messages`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: '{}' });
    expect(res.status).toBe(401);
  });

  it('with BOTFRAMEWORK_ALLOW_UNAUTHENTICATED, replies through the connector at the serviceUrl (Emulator style)', async () => {
    // A local stand-in for the Emulator's connector: it records the replies the bot posts back.
    const received: Array<{ url: string; body: Partial<Activity> }> = [];
    const connector = createServer((req: IncomingMessage, res) => {
      let data = '';
      req.on('data', (chunk) => (data += chunk));
      req.on('end', () => {
        received.push({ url: req.url ?? '', body: JSON.parse(data || '{}') });
        res.setHeader('Content-Type', 'application/json');
        res.writeHead(200);
        res.end(JSON.stringify({ id: `r${received.length}` }));
      });
    });
    await new Promise<void>((resolve) => connector.listen(0, '127.0.0.1', resolve));
    try {
      const serviceUrl = `http://127.0.0.1:${(connector.address() as { port: number }).port}`;
      const server = await start({ config: { botFramework: { allowUnauthenticated: true } } });
      const activity = {
        type: 'message',
        id: 'a1',
        text: 'ik zoek werk',
        channelId: 'emulator',
        serviceUrl,
        from: { id: 'user1', name: 'User' },
        recipient: { id: 'bot', name: 'Bot' },
        conversation: { id: 'emu-conv-1' },
        locale: 'nl-NL',
      };
      const res = await fetch(`${server.base}/api/messages`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(activity) });
      expect(res.status).toBeLessThan(300);
      const messages = received.filter((r) => r.body.type === 'message');
      expect(messages.length).toBeGreaterThan(0);
      expect(messages[0]!.url).toMatch(/^\/v3\/conversations\/emu-conv-1\/activities/);
      expect((await server.store.get('emu-conv-1'))!.channel).toBe('emulator');

      // Advisers cannot reach this channel from the desk: asking for a person says so at once (with the general
      // number) and sends handoff.status "failed", instead of leaving the person waiting in a queue.
      const say = async (text: string, id: string) => {
        const from = received.length;
        await fetch(`${server.base}/api/messages`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ ...activity, id, text }) });
        return received.slice(from).map((r) => r.body);
      };
      await say('medewerker', 'a2');
      const after = await say('ja', 'a3');
      expect(after.filter((a) => a.type === 'message').map((a) => a.text).join('\n')).toMatch(/lukt nu niet om een adviseur te vinden/);
      expect(after.some((a) => a.type === 'event' && a.name === 'handoff.status' && (a.value as { state: string }).state === 'failed')).toBe(true);
      expect(await server.desk.desk.queue()).toEqual([]);
    } finally {
      connector.close();
    }
  });
});
