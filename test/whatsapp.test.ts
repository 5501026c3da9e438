// The WhatsApp channel end to end: signed webhook deliveries in Meta's shape into the real server (SQLite on disk),
// replies checked by a local stand-in of the Graph API against the documented shapes and limits. Verification,
// forged signatures, duplicates (also after a restart), a restart between turns, media, statuses, Graph 429/500,
// a mantelzorger to advice, and a handoff with the adviser's messages arriving on the phone.
import { afterEach, describe, expect, it } from 'vitest';
import { startServer, tempDatabase, type Running } from './directline-helpers.js';
import { ACCESS_TOKEN, APP_SECRET, PHONE_NUMBER_ID, VERIFY_TOKEN, delivery, postWebhook, sign, startGraph, type GraphStandIn, type OutboundMessage } from './whatsapp-helpers.js';
import { login, makeAdviser, openEvents } from './handoff-helpers.js';
import { conversationIdFor } from '../src/channels/whatsapp/index.js';
import { splitText, toWhatsApp } from '../src/channels/whatsapp/render.js';

const running: Running[] = [];
const graphs: GraphStandIn[] = [];
const streams: Array<{ close(): void }> = [];
afterEach(async () => {
  for (const s of streams.splice(0)) s.close();
  for (const server of running.splice(0)) await server.stop();
  for (const graph of graphs.splice(0)) await graph.close();
});

async function setUp(options: { database?: string; port?: number; graph?: GraphStandIn; template?: boolean; now?: () => Date; tokenKey?: Buffer } = {}) {
  const graph = options.graph ?? (await startGraph());
  if (!options.graph) graphs.push(graph);
  const server = await startServer({
    ...(options.database ? { database: options.database } : {}),
    ...(options.port ? { port: options.port } : {}),
    ...(options.now ? { now: options.now } : {}),
    ...(options.tokenKey ? { tokenKey: options.tokenKey } : {}),
    whatsapp: {
      verifyToken: VERIFY_TOKEN,
      appSecret: APP_SECRET,
      accessToken: ACCESS_TOKEN,
      phoneNumberId: PHONE_NUMBER_ID,
      graphUrl: graph.url,
      ...(options.template ? { reengageTemplate: { name: 'keuzehulp_verder', language: 'nl' } } : {}),
    },
  });
  running.push(server);
  return { server, graph };
}

/** A person on WhatsApp: each call delivers one message and returns what their phone received for it. */
function phone(server: () => Running, graph: GraphStandIn, waId: string) {
  let seen = graph.messages.filter((m) => m.to === waId).length;
  const received = async (): Promise<OutboundMessage[]> => {
    await server().product.whatsappDrain();
    const mine = graph.messages.filter((m) => m.to === waId);
    const fresh = mine.slice(seen);
    seen = mine.length;
    return fresh;
  };
  const send = async (message: Record<string, unknown>, id?: string) => {
    const { body } = delivery(waId, message, id);
    const res = await postWebhook(server().base, body);
    expect(res.status).toBe(200);
    return received();
  };
  return {
    say: (text: string, id?: string) => send({ type: 'text', text: { body: text } }, id),
    tap: (reply: { id: string; title: string }, kind: 'button_reply' | 'list_reply' = 'button_reply') =>
      send({ type: 'interactive', interactive: { type: kind, [kind]: reply } }),
    send,
    received,
    /** What the phone shows of these messages, as text. */
    text: (messages: OutboundMessage[]) => messages.map((m) => (m.type === 'text' ? m.text.body : m.type === 'interactive' ? m.interactive.body.text : `[${m.template.name}]`)).join('\n'),
  };
}

/** The choices of the last interactive message: buttons or list rows. */
function choicesIn(messages: OutboundMessage[]): Array<{ id: string; title: string; kind: 'button_reply' | 'list_reply' }> {
  const last = [...messages].reverse().find((m) => m.type === 'interactive');
  if (!last || last.type !== 'interactive') return [];
  if (last.interactive.type === 'button') return last.interactive.action.buttons.map((b) => ({ ...b.reply, kind: 'button_reply' as const }));
  return last.interactive.action.sections.flatMap((s) => s.rows.map((r) => ({ id: r.id, title: r.title, kind: 'list_reply' as const })));
}

describe('WhatsApp webhook', () => {
  it('answers the verification handshake with the challenge, and 403 otherwise', async () => {
    const { server } = await setUp();
    const verify = (query: string) => fetch(`${server.base}/api/whatsapp?${query}`);
    const ok = await verify(`hub.mode=subscribe&hub.verify_token=${VERIFY_TOKEN}&hub.challenge=1158201444`);
    expect(ok.status).toBe(200);
    expect(await ok.text()).toBe('1158201444');
    expect((await verify(`hub.mode=subscribe&hub.verify_token=wrong&hub.challenge=1`)).status).toBe(403);
    expect((await verify(`hub.mode=unsubscribe&hub.verify_token=${VERIFY_TOKEN}&hub.challenge=1`)).status).toBe(403);
    expect((await verify(`hub.verify_token=${VERIFY_TOKEN}&hub.challenge=1`)).status).toBe(403);
  });

  it('refuses a missing or forged signature with 401 and processes nothing', async () => {
    const { server, graph } = await setUp();
    const { body } = delivery('31612345678', { type: 'text', text: { body: 'ik zorg voor mijn vader' } });
    const raw = JSON.stringify(body);
    expect((await postWebhook(server.base, raw, null)).status).toBe(401);
    expect((await postWebhook(server.base, raw, sign(raw, 'another-secret'))).status).toBe(401);
    expect((await postWebhook(server.base, raw, 'sha256=00')).status).toBe(401);
    // A valid signature over other bytes (the payload changed on the way) is forged too.
    expect((await postWebhook(server.base, raw.replace('vader', 'moeder'), sign(raw))).status).toBe(401);
    await server.product.whatsappDrain();
    expect(graph.requests).toBe(0);
    expect(await server.store.get(conversationIdFor('31612345678', server.tokenKey))).toBeNull();
    // Signed but not the documented shape: a clear 400.
    const wrongShape = JSON.stringify({ object: 'whatsapp_business_account', entry: 'nope' });
    const refused = await postWebhook(server.base, wrongShape);
    expect(refused.status).toBe(400);
    expect(refused.body).toMatch(/entry/);
  });

  it('verifies the signature over the exact bytes, also with accents and emoji', async () => {
    const { server, graph } = await setUp();
    const person = phone(() => server, graph, '31687654321');
    const replies = await person.say('Ik zorg voor mijn oma 👵 en ben écht moe');
    expect(replies.length).toBeGreaterThan(0);
    expect(graph.invalid).toEqual([]);
  });

  it('takes a mantelzorger to advice with buttons, lists and typed numbers, all within the documented limits', async () => {
    const { server, graph } = await setUp();
    const person = phone(() => server, graph, '31611111111');
    let replies = await person.say('Ik zorg voor mijn moeder, ze heeft dementie');
    expect(person.text(replies)).toMatch(/digitale hulp/);
    // Recognised as a mantelzorger at once: the short mantelzorgcheck is offered, with two reply buttons.
    expect(person.text(replies)).toMatch(/korte check/);
    expect(choicesIn(replies).map((c) => c.id)).toEqual(['yes', 'no']);
    replies = await person.tap({ id: 'yes', title: choicesIn(replies)[0]!.title });
    const seen: string[] = [person.text(replies)];
    for (let step = 0; step < 14 && !/Bel |Website:/.test(person.text(replies)); step++) {
      const choices = choicesIn(replies);
      expect(choices.length, `step ${step}: ${person.text(replies)}`).toBeGreaterThan(0);
      // Alternate: tap the last choice (the heaviest answer in the check), or type the number of the first one.
      const pick = step % 2 === 0 ? choices.at(-1)! : choices[0]!;
      replies = step % 2 === 0 ? await person.tap({ id: pick.id, title: pick.title }, pick.kind) : await person.say('1');
      seen.push(person.text(replies));
    }
    expect(seen.join('\n')).toMatch(/Uitslag: (licht|middel|zwaar)/);
    const advice = person.text(replies);
    expect(advice).toMatch(/Bel |Website:/);
    expect(graph.invalid).toEqual([]);
    const record = await server.store.get(conversationIdFor('31611111111', server.tokenKey));
    expect(record!.channel).toBe('whatsapp');
    // The phone number is not in the conversation id, nor in the stored transcript.
    expect(record!.id).not.toMatch(/31611111111/);
    expect(JSON.stringify(await server.store.transcript(record!.id))).not.toMatch(/31611111111/);
  });

  it('answers a repeated delivery once, also after a restart, and continues the conversation after it', async () => {
    const database = tempDatabase();
    const graph = await startGraph();
    graphs.push(graph);
    // The deployment's key file survives the restart (it keys the conversation ids).
    const tokenKey = Buffer.alloc(32, 9);
    let server = (await setUp({ database, graph, tokenKey })).server;
    const person = phone(() => server, graph, '31622222222');
    const first = await person.say('ik voel me eenzaam', 'wamid.same-1');
    expect(first.length).toBeGreaterThan(0);
    expect(await person.say('ik voel me eenzaam', 'wamid.same-1')).toEqual([]);
    const before = (await server.store.get(conversationIdFor('31622222222', server.tokenKey)))!;

    const port = server.port;
    await server.stop();
    running.splice(running.indexOf(server), 1);
    server = (await setUp({ database, graph, port, tokenKey })).server;
    expect(await person.say('ik voel me eenzaam', 'wamid.same-1')).toEqual([]);
    // The next message goes on from where the conversation was before the restart.
    const next = await person.say('1');
    expect(next.length).toBeGreaterThan(0);
    expect(person.text(next)).not.toMatch(/Ik ben de digitale hulp/);
    const after = (await server.store.get(conversationIdFor('31622222222', server.tokenKey)))!;
    // One more turn on the same stored conversation: same creation time, the next revision.
    expect(after.createdAt).toBe(before.createdAt);
    expect(after.revision).toBe(before.revision + 1);
  });

  it('answers photos, voice messages and locations kindly and keeps the conversation where it was', async () => {
    const { server, graph } = await setUp();
    const person = phone(() => server, graph, '31633333333');
    await person.say('ik heb schulden');
    const id = conversationIdFor('31633333333', server.tokenKey);
    const before = (await server.store.get(id))!;
    for (const media of [
      { type: 'image', image: { id: '1', mime_type: 'image/jpeg', sha256: 'x' } },
      { type: 'audio', audio: { id: '2', mime_type: 'audio/ogg', voice: true } },
      { type: 'location', location: { latitude: 52.1, longitude: 5.1 } },
      { type: 'sticker', sticker: { id: '3', mime_type: 'image/webp' } },
      { type: 'document', document: { id: '4', filename: 'brief.pdf' } },
    ]) {
      expect(person.text(await person.send(media))).toMatch(/Ik kan alleen tekst lezen/);
    }
    const after = (await server.store.get(id))!;
    expect(after.state).toBe(before.state);
    expect(after.revision).toBe(before.revision);
  });

  it('ignores statuses (sent, delivered, read) and unknown fields, and retries the Graph API on 429 and 500', async () => {
    const { server, graph } = await setUp();
    const statuses = {
      object: 'whatsapp_business_account',
      entry: [{ id: '1', changes: [{ field: 'messages', value: { messaging_product: 'whatsapp', metadata: { phone_number_id: PHONE_NUMBER_ID }, statuses: [{ id: 'wamid.x', status: 'read', timestamp: '1', recipient_id: '316' }], something_new: { a: 1 } } }] }],
      new_top_level: true,
    };
    expect((await postWebhook(server.base, statuses)).status).toBe(200);
    await server.product.whatsappDrain();
    expect(graph.requests).toBe(0);

    graph.failNext([429, 500, 503]);
    const person = phone(() => server, graph, '31644444444');
    const replies = await person.say('ik wil vrijwilliger worden');
    expect(replies.length).toBeGreaterThan(0);
    expect(graph.requests).toBe(replies.length + 3);
    expect(graph.invalid).toEqual([]);
  });
});

describe('WhatsApp and the adviser desk', () => {
  it('hands off: queued with channel whatsapp, the adviser’s messages arrive on the phone, hand back', async () => {
    const { server, graph } = await setUp();
    await makeAdviser(server, 'sanne@voorbeeld.nl', 'Sanne de Vries');
    const adviser = await login(server, 'sanne@voorbeeld.nl');
    const events = await openEvents(server, adviser);
    streams.push(events);
    const person = phone(() => server, graph, '31655555555');
    await person.say('Mijn vader heeft alzheimer en ik kan het niet meer aan');
    await person.say('medewerker');
    const queued = await person.say('ja');
    expect(person.text(queued)).toMatch(/Ik zoek een adviseur voor je/);
    expect(person.text(queued)).toMatch(/in de rij|de volgende/);
    const id = conversationIdFor('31655555555', server.tokenKey);
    const items = (await adviser.call('GET', '/api/adviser/queue')).body.items;
    expect(items).toEqual([expect.objectContaining({ conversationId: id, channel: 'whatsapp' })]);

    const view = await adviser.call('GET', `/api/adviser/conversations/${id}`);
    expect(view.body.replyWindow).toMatchObject({ hours: 24, open: true, template: null });
    expect((await adviser.call('POST', `/api/adviser/conversations/${id}/claim`)).status).toBe(200);
    expect(person.text(await person.received())).toMatch(/Je praat nu met Sanne, adviseur van het wijkteam\./);
    expect((await adviser.call('POST', `/api/adviser/conversations/${id}/messages`, { text: 'Hoi, ik ben Sanne. Hoe gaat het nu?' })).status).toBe(201);
    expect(person.text(await person.received())).toBe('*Sanne, adviseur:*\nHoi, ik ben Sanne. Hoe gaat het nu?');

    const answer = await person.say('Niet goed, ik slaap slecht');
    expect(answer).toEqual([]);
    await events.next((e) => e.event === 'message' && e.data.conversationId === id && /slaap slecht/.test(e.data.entry.text));
    expect((await adviser.call('POST', `/api/adviser/conversations/${id}/release`, { note: 'Respijtzorg besproken' })).status).toBe(200);
    expect(person.text(await person.received())).toMatch(/Je praat weer met de digitale hulp/);
    expect(graph.invalid).toEqual([]);
  });

  it('after 24 hours without a message from the person: the console is told, free text is refused, the template is offered', async () => {
    let offset = 0;
    const now = () => new Date(Date.now() + offset);
    const { server, graph } = await setUp({ template: true, now });
    await makeAdviser(server, 'sanne@voorbeeld.nl', 'Sanne de Vries');
    const person = phone(() => server, graph, '31666666666');
    await person.say('ik zorg voor mijn man en ik ben op');
    await person.say('medewerker');
    await person.say('ja');
    const id = conversationIdFor('31666666666', server.tokenKey);
    let adviser = await login(server, 'sanne@voorbeeld.nl');
    await adviser.call('POST', `/api/adviser/conversations/${id}/claim`);
    await person.received();

    offset = 25 * 3_600_000;
    adviser = await login(server, 'sanne@voorbeeld.nl');
    const view = (await adviser.call('GET', `/api/adviser/conversations/${id}`)).body;
    expect(view.replyWindow).toMatchObject({ hours: 24, open: false, template: 'keuzehulp_verder' });
    const refused = await adviser.call('POST', `/api/adviser/conversations/${id}/messages`, { text: 'Ben je er nog?' });
    expect(refused.status).toBe(409);
    expect(refused.body.error.code).toBe('window_closed');
    expect(await person.received()).toEqual([]);
    expect((await adviser.call('POST', `/api/adviser/conversations/${id}/reengage`)).status).toBe(200);
    const invitation = await person.received();
    expect(invitation).toEqual([expect.objectContaining({ type: 'template', template: { name: 'keuzehulp_verder', language: { code: 'nl' } } })]);
    const audit = await server.desk.desk.store.listAudit({ conversationId: id });
    expect(audit.map((e) => e.action)).toContain('reengaged');
  });

  it('says so when no re-engagement template is configured', async () => {
    const { server, graph } = await setUp();
    await makeAdviser(server, 'sanne@voorbeeld.nl', 'Sanne de Vries');
    const person = phone(() => server, graph, '31677777777');
    await person.say('medewerker');
    await person.say('ja');
    const id = conversationIdFor('31677777777', server.tokenKey);
    const adviser = await login(server, 'sanne@voorbeeld.nl');
    await adviser.call('POST', `/api/adviser/conversations/${id}/claim`);
    const res = await adviser.call('POST', `/api/adviser/conversations/${id}/reengage`);
    expect(res.status).toBe(409);
    expect(res.body.error.code).toBe('no_template');
  });
});

describe('WhatsApp rendering', () => {
  const t = (key: string, params: Record<string, unknown> = {}) =>
    ({ 'whatsapp:listButton': 'Kies een antwoord', 'whatsapp:chooseBelow': 'Kies hieronder.', 'whatsapp:numbered': 'Typ het nummer.', 'whatsapp:adviser': `${String(params['name'])}, adviseur` })[key] ?? key;
  const withChoices = (labels: string[]) => ({
    type: 'message',
    text: 'Wat past bij je?',
    suggestedActions: { to: [], actions: labels.map((label, i) => ({ type: 'messageBack', title: label, value: { choiceId: `c${i}` } })) },
  });

  it('uses reply buttons for up to 3 short choices, a list for up to 10 (long labels in the description), else numbered text', () => {
    const buttons = toWhatsApp(withChoices(['Ja', 'Nee']), '316', t)[0]!;
    expect(buttons).toMatchObject({ type: 'interactive', interactive: { type: 'button', action: { buttons: [{ reply: { id: 'c0', title: 'Ja' } }, { reply: { id: 'c1', title: 'Nee' } }] } } });
    const list = toWhatsApp(withChoices(['Ja', 'Nee', 'Een label dat veel langer is dan twintig tekens']), '316', t)[0] as any;
    expect(list.interactive.type).toBe('list');
    const long = list.interactive.action.sections[0].rows[2];
    expect([...long.title].length).toBeLessThanOrEqual(24);
    expect(long.description).toBe('Een label dat veel langer is dan twintig tekens');
    const numbered = toWhatsApp(withChoices(Array.from({ length: 12 }, (_, i) => `Keuze ${i + 1}`)), '316', t);
    expect(numbered).toHaveLength(1);
    expect((numbered[0] as any).text.body).toMatch(/^Wat past bij je\?\n\n1\. Keuze 1\n2\. Keuze 2[\s\S]*12\. Keuze 12\n\nTyp het nummer\.$/);
  });

  it('splits text over 4,096 characters at sentence ends, and sends nothing for typing and events', () => {
    const sentence = 'Dit is een zin van gewone lengte. ';
    const parts = splitText(sentence.repeat(300));
    expect(parts.length).toBe(3);
    for (const part of parts) {
      expect([...part].length).toBeLessThanOrEqual(4096);
      expect(part.endsWith('.')).toBe(true);
    }
    expect(parts.join(' ')).toBe(sentence.repeat(300).trim());
    expect(toWhatsApp({ type: 'typing' }, '316', t)).toEqual([]);
    expect(toWhatsApp({ type: 'event', name: 'handoff.initiate' }, '316', t)).toEqual([]);
  });
});
