// The adviser desk end to end over real HTTP: the inwoner on Direct Line (REST), the adviser on /api/adviser with a
// session cookie and CSRF token, SQLite on disk. Queue, claim (and the race), messages both ways, hand-back, close,
// the out-of-hours callback, crisis alerts, a restart in between, and every 401/403/409 path.
import { afterEach, describe, expect, it } from 'vitest';
import type { Activity } from 'botbuilder';
import { json, restConversation, startServer, tempDatabase, type Running } from './directline-helpers.js';
import { PASSWORD, login, makeAdviser, openEvents } from './handoff-helpers.js';
import { hashPassword, verifyPassword } from '../src/handoff/passwords.js';

const running: Running[] = [];
const streams: Array<{ close(): void }> = [];
afterEach(async () => {
  for (const s of streams.splice(0)) s.close();
  for (const server of running.splice(0)) await server.stop();
});

async function start(options: Parameters<typeof startServer>[0] = {}): Promise<Running> {
  const server = await startServer(options);
  running.push(server);
  return server;
}

const texts = (activities: Activity[]) => activities.filter((a) => a.type === 'message').map((a) => a.text ?? '');

/** An inwoner who asks for a person and agrees to share the summary: in the queue. */
async function inwonerInQueue(server: Running, firstMessage = 'ik heb schulden en de deurwaarder komt morgen') {
  const inwoner = await restConversation(server);
  await inwoner.reply(firstMessage);
  await inwoner.reply('medewerker');
  const activities = await inwoner.choose('yes');
  return { inwoner, activities };
}

describe('handoff: the inwoner side', () => {
  it('queues the request with place and wait, sends handoff.initiate with summary and transcript, and can be cancelled', async () => {
    const server = await start();
    const { inwoner, activities } = await inwonerInQueue(server);
    const said = texts(activities).join('\n');
    expect(said).toMatch(/Ik zoek een adviseur voor je/);
    expect(said).toMatch(/Je bent de volgende\. Het duurt ongeveer \d+ minuten\./);
    const initiate = activities.find((a) => a.type === 'event' && a.name === 'handoff.initiate');
    expect(initiate, 'handoff.initiate event').toBeDefined();
    expect((initiate!.value as { theme: { id: string } }).theme.id).toBe('geldzorgen');
    expect((initiate!.value as { story: string[] }).story.join(' ')).toMatch(/deurwaarder/);
    const transcript = initiate!.attachments!.find((a) => a.name === 'Transcript');
    expect((transcript!.content as { activities: Activity[] }).activities.length).toBeGreaterThan(2);

    const queue = (await server.desk.desk.queue()).filter((i) => i.conversationId === inwoner.conversationId);
    expect(queue).toHaveLength(1);
    expect(queue[0]).toMatchObject({ channel: 'directline', theme: 'geldzorgen', priority: 'urgent', status: 'waiting', crisis: false, callback: null });

    // A second person waits behind the first (same priority): place 2.
    const second = await inwonerInQueue(server, 'ik voel me eenzaam');
    expect(texts(second.activities).join('\n')).toMatch(/Je bent nummer 2 in de rij/);

    // Messages while waiting are kept for the adviser; "toch niet" takes the request out of the queue.
    await inwoner.reply('ik ben om 3 uur thuis');
    const cancelled = await inwoner.reply('toch niet');
    expect(cancelled.replies.map((a) => a.text).join('\n')).toMatch(/niet meer in de wachtrij/);
    expect((await server.desk.desk.queue()).map((i) => i.conversationId)).toEqual([second.inwoner.conversationId]);
    const stored = await server.store.transcript(inwoner.conversationId);
    expect(stored.map((e) => e.text)).toContain('ik ben om 3 uur thuis');
  });

  it('stopping while waiting deletes the request with the conversation, and the consoles are told', async () => {
    const server = await start();
    await makeAdviser(server, 'sanne@voorbeeld.nl', 'Sanne de Vries');
    const adviser = await login(server, 'sanne@voorbeeld.nl');
    const events = await openEvents(server, adviser);
    streams.push(events);
    const { inwoner } = await inwonerInQueue(server);
    expect(await server.desk.desk.queue()).toHaveLength(1);
    await inwoner.reply('stop');
    await inwoner.reply('ja');
    expect(await server.store.get(inwoner.conversationId)).toBeNull();
    expect(await server.desk.desk.queue()).toEqual([]);
    await events.next((e) => e.event === 'status' && e.data.conversationId === inwoner.conversationId && e.data.status === 'deleted');
    expect((await adviser.call('GET', `/api/adviser/conversations/${inwoner.conversationId}`)).status).toBe(404);
    const audit = await server.desk.desk.store.listAudit({ conversationId: inwoner.conversationId });
    expect(audit.map((e) => [e.actor, e.action])).toEqual([['system', 'queued'], ['inwoner', 'deleted']]);
  });

  it('a callback request still waiting becomes the live request when the person asks for a person again', async () => {
    const server = await start();
    const inwoner = await restConversation(server);
    await inwoner.reply('ik kan mijn huur niet betalen');
    // As if asked out of hours earlier in this conversation.
    await server.desk.desk.requestCallback({
      conversationId: inwoner.conversationId,
      channel: 'directline',
      reference: '{}',
      language: 'nl',
      theme: 'geldzorgen',
      priority: 'normal',
      crisis: false,
      summary: {},
      phone: '0612345678',
      moment: 'In de ochtend',
    });
    await inwoner.reply('medewerker');
    await inwoner.choose('yes');
    const queue = await server.desk.desk.queue();
    expect(queue).toHaveLength(1);
    expect(queue[0]).toMatchObject({ conversationId: inwoner.conversationId, callback: null, status: 'waiting' });
    const audit = await server.desk.desk.store.listAudit({ conversationId: inwoner.conversationId });
    expect(audit.map((e) => e.action)).toEqual(['callback.requested', 'callback.replaced', 'queued']);
  });

  it('out of hours: offers a callback, stores the number only for it, and the adviser sees and closes it', async () => {
    const server = await start({ adviserHours: 'never' });
    await makeAdviser(server, 'sanne@voorbeeld.nl', 'Sanne de Vries');
    const inwoner = await restConversation(server);
    await inwoner.reply('ik kan mijn huur niet betalen');
    await inwoner.reply('medewerker');
    const offer = texts(await inwoner.choose('yes')).join('\n');
    expect(offer).toMatch(/nu niet bereikbaar/);
    expect(offer).toMatch(/maandag tot en met vrijdag|op dit moment niet/);
    expect(offer).toMatch(/terugbelt/);
    expect(texts(await inwoner.choose('callback')).join('\n')).toMatch(/Wanneer past het je het best/);
    expect(texts(await inwoner.choose('morning')).join('\n')).toMatch(/telefoonnummer/);
    expect((await inwoner.reply('weet ik niet')).replies.map((a) => a.text).join('\n')).toMatch(/Ik zie geen telefoonnummer/);
    const confirmed = await inwoner.reply('mijn nummer is 06-24681357');
    expect(confirmed.replies.map((a) => a.text).join('\n')).toMatch(/belt je terug/);

    // The transcript holds no number; the callback request holds it, with consent, for the advisers.
    const stored = (await server.store.transcript(inwoner.conversationId)).map((e) => e.text).join('\n');
    expect(stored).not.toMatch(/24681357/);
    expect(stored).toMatch(/\[telefoonnummer\]/);
    const adviser = await login(server, 'sanne@voorbeeld.nl');
    const queue = (await adviser.call('GET', '/api/adviser/queue')).body.items;
    expect(queue).toHaveLength(1);
    expect(queue[0]).toMatchObject({ conversationId: inwoner.conversationId, callback: { phone: '06-24681357', moment: 'In de ochtend' }, themeLabel: 'Geldzorgen' });

    expect((await adviser.call('POST', `/api/adviser/conversations/${inwoner.conversationId}/claim`)).status).toBe(200);
    // A callback has no chat: writing is refused, closing with an outcome works and removes the number.
    expect((await adviser.call('POST', `/api/adviser/conversations/${inwoner.conversationId}/messages`, { text: 'hallo' })).status).toBe(409);
    expect((await adviser.call('POST', `/api/adviser/conversations/${inwoner.conversationId}/close`, { outcome: 'terugbelafspraak' })).status).toBe(200);
    const after = await server.desk.desk.store.latestHandoffOf(inwoner.conversationId);
    expect(after).toMatchObject({ status: 'closed', outcome: 'terugbelafspraak', callbackPhone: null, callbackMoment: 'In de ochtend' });
    // The person was not in a live chat: nothing was sent to them by the claim or the close.
    expect(texts(await inwoner.poll())).toEqual([]);
  });
});

describe('handoff: the adviser takes over and hands back', () => {
  it('claim → messages both ways (live in the event stream) → hand back → the bot resumes; all audited without text', async () => {
    const server = await start();
    await makeAdviser(server, 'sanne@voorbeeld.nl', 'Sanne de Vries');
    const adviser = await login(server, 'sanne@voorbeeld.nl');
    const events = await openEvents(server, adviser);
    streams.push(events);
    expect(events.contentType).toMatch(/^text\/event-stream/);

    const { inwoner } = await inwonerInQueue(server);
    const id = inwoner.conversationId;
    const queued = await events.next((e) => e.event === 'queue' && e.data.items.some((i: { conversationId: string }) => i.conversationId === id));
    expect(queued.data.items[0]).toMatchObject({ conversationId: id, priority: 'urgent', themeLabel: 'Geldzorgen', status: 'waiting' });

    const view = await adviser.call('GET', `/api/adviser/conversations/${id}`);
    expect(view.status).toBe(200);
    expect(view.body.summary).toMatchObject({ theme: { id: 'geldzorgen', label: 'Geldzorgen' }, language: 'nl', channel: 'directline' });
    expect(view.body.summary.story.join(' ')).toMatch(/deurwaarder/);
    expect(view.body.summary.signals).toContain('urgent');
    expect(view.body.transcript.some((e: { role: string }) => e.role === 'user')).toBe(true);

    expect((await adviser.call('POST', `/api/adviser/conversations/${id}/claim`)).status).toBe(200);
    const joined = await inwoner.waitFor((seen) => texts(seen).some((t) => /Je praat nu met Sanne, adviseur van het wijkteam\./.test(t)));
    expect(joined.some((a) => a.type === 'event' && a.name === 'handoff.status' && (a.value as { state: string }).state === 'accepted')).toBe(true);

    const sent = await adviser.call('POST', `/api/adviser/conversations/${id}/messages`, { text: 'Hoi, ik ben Sanne. Bel me gerust op 06-98765432.' });
    expect(sent.status).toBe(201);
    // The person gets the number; the stored transcript does not keep it.
    const fromAdviser = await inwoner.waitFor((seen) => seen.some((a) => a.from.id.startsWith('adviser:')));
    const adviserMessage = fromAdviser.find((a) => a.from.id.startsWith('adviser:'))!;
    expect(adviserMessage.text).toBe('Hoi, ik ben Sanne. Bel me gerust op 06-98765432.');
    expect(adviserMessage.from.name).toBe('Sanne');
    expect(sent.body.entry.text).toMatch(/\[telefoonnummer\]/);

    // The person writes back: no bot answer (the adviser has the conversation), the line reaches the console live.
    const back = await inwoner.reply('Dank je, ik heb een brief van de deurwaarder');
    expect(back.replies).toEqual([]);
    const live = await events.next((e) => e.event === 'message' && e.data.entry.role === 'user' && /brief van de deurwaarder/.test(e.data.entry.text));
    expect(live.data.conversationId).toBe(id);

    expect((await adviser.call('POST', `/api/adviser/conversations/${id}/notes`, { text: 'Brief deurwaarder, afspraak schuldhulp maken' })).status).toBe(201);
    expect((await adviser.call('POST', `/api/adviser/conversations/${id}/release`, { note: 'Verwezen naar schuldhulp' })).status).toBe(200);
    const returned = await inwoner.waitFor((seen) => texts(seen).some((t) => /Je praat weer met de digitale hulp/.test(t)));
    expect(returned.some((a) => a.type === 'event' && a.name === 'handoff.status' && (a.value as { state: string }).state === 'completed')).toBe(true);
    expect((await server.store.get(id))!.state).not.toMatch(/withAdviser|waitingForAdviser/);
    // The bot answers again.
    expect((await inwoner.reply('help')).replies.length).toBeGreaterThan(0);

    const transcript = (await adviser.call('GET', `/api/adviser/conversations/${id}`)).body;
    expect(transcript.status).toBe('released');
    expect(transcript.notes.map((n: { text: string }) => n.text)).toEqual(['Brief deurwaarder, afspraak schuldhulp maken', 'Verwezen naar schuldhulp']);
    expect(transcript.transcript.filter((e: { role: string }) => e.role === 'adviser')).toHaveLength(1);

    const audit = await server.desk.desk.store.listAudit({ conversationId: id });
    expect(audit.map((e) => [e.actor, e.action])).toEqual([
      ['system', 'queued'],
      ['sanne@voorbeeld.nl', 'viewed'],
      ['sanne@voorbeeld.nl', 'claimed'],
      ['sanne@voorbeeld.nl', 'wrote'],
      ['sanne@voorbeeld.nl', 'noted'],
      ['sanne@voorbeeld.nl', 'released'],
      ['sanne@voorbeeld.nl', 'viewed'],
    ]);
    expect(JSON.stringify(audit)).not.toMatch(/deurwaarder|Sanne\. Bel/);
  });

  it('closing with an outcome asks the person for feedback; crisis while with an adviser alerts the console', async () => {
    const server = await start();
    await makeAdviser(server, 'sanne@voorbeeld.nl', 'Sanne de Vries');
    const adviser = await login(server, 'sanne@voorbeeld.nl');
    const events = await openEvents(server, adviser);
    streams.push(events);
    const { inwoner } = await inwonerInQueue(server, 'ik voel me alleen');
    const id = inwoner.conversationId;
    await adviser.call('POST', `/api/adviser/conversations/${id}/claim`);
    const crisis = await inwoner.reply('ik wil niet meer leven');
    expect(crisis.replies[0]!.text).toMatch(/113/);
    await events.next((e) => e.event === 'crisis' && e.data.conversationId === id);
    expect((await server.desk.desk.queue()).find((i) => i.conversationId === id)).toMatchObject({ crisis: true, priority: 'crisis' });
    expect((await adviser.call('POST', `/api/adviser/conversations/${id}/close`, { outcome: 'doorverwezen' })).status).toBe(200);
    await inwoner.waitFor((seen) => seen.some((a) => a.type === 'message' && a.suggestedActions !== undefined));
    expect((await server.store.get(id))!.state).toBe('closing');
  });

  it('reaches the person after a server restart between the claim and the message', async () => {
    const database = tempDatabase();
    const tokenKey = Buffer.alloc(32, 7);
    const first = await startServer({ database, tokenKey });
    await makeAdviser(first, 'sanne@voorbeeld.nl', 'Sanne de Vries');
    const { inwoner } = await inwonerInQueue(first);
    const adviser = await login(first, 'sanne@voorbeeld.nl');
    await adviser.call('POST', `/api/adviser/conversations/${inwoner.conversationId}/claim`);
    await inwoner.waitFor((seen) => texts(seen).some((t) => /Je praat nu met Sanne/.test(t)));
    const port = first.port;
    await first.stop();

    const second = await start({ database, tokenKey, port });
    // The session cookie is stored (hashed) in the database: still logged in after the restart.
    const sent = await fetch(`${second.base}/api/adviser/conversations/${inwoner.conversationId}/messages`, {
      method: 'POST',
      headers: { Cookie: adviser.cookie, 'x-csrf-token': adviser.csrf, 'Content-Type': 'application/json' },
      body: JSON.stringify({ text: 'Ben je er nog?' }),
    });
    expect(sent.status).toBe(201);
    const arrived = await inwoner.waitFor((seen) => texts(seen).includes('Ben je er nog?'));
    expect(arrived.find((a) => a.text === 'Ben je er nog?')!.from.name).toBe('Sanne');
  });
});

describe('adviser API: sessions, CSRF, conflicts', () => {
  it('answers 401 on every route without a valid session', async () => {
    const server = await start();
    const routes: Array<[string, string]> = [
      ['GET', '/api/adviser/session'],
      ['GET', '/api/adviser/queue'],
      ['GET', '/api/adviser/events'],
      ['GET', '/api/adviser/audit'],
      ['GET', '/api/adviser/conversations/abc'],
      ['POST', '/api/adviser/logout'],
      ['POST', '/api/adviser/conversations/abc/claim'],
      ['POST', '/api/adviser/conversations/abc/messages'],
      ['POST', '/api/adviser/conversations/abc/release'],
      ['POST', '/api/adviser/conversations/abc/close'],
      ['POST', '/api/adviser/conversations/abc/notes'],
    ];
    for (const [method, route] of routes) {
      for (const cookie of [undefined, 'keuzehulp_adviser=forged-token']) {
        const res = await json(`${server.base}${route}`, { method, headers: { ...(cookie ? { Cookie: cookie } : {}), 'Content-Type': 'application/json' }, ...(method === 'POST' ? { body: '{}' } : {}) });
        expect(res.status, `${method} ${route} ${cookie ?? 'no cookie'}`).toBe(401);
        expect(res.body.error.code).toBe('unauthenticated');
      }
    }
  });

  it('logs in with a HttpOnly SameSite=Strict cookie, refuses wrong passwords, limits failed logins, and logs out', async () => {
    const server = await start({ loginAttempts: 3 });
    await makeAdviser(server, 'sanne@voorbeeld.nl', 'Sanne de Vries');
    const res = await fetch(`${server.base}/api/adviser/login`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ email: 'Sanne@Voorbeeld.nl', password: PASSWORD }) });
    expect(res.status).toBe(200);
    const cookie = res.headers.get('set-cookie')!;
    expect(cookie).toMatch(/^keuzehulp_adviser=[A-Za-z0-9_-]{40,};/);
    expect(cookie).toMatch(/HttpOnly/);
    expect(cookie).toMatch(/SameSite=Strict/);
    expect(cookie).toMatch(/Max-Age=28800/);
    expect(await res.json()).toMatchObject({ adviser: { email: 'sanne@voorbeeld.nl', name: 'Sanne de Vries', role: 'adviser' }, csrfToken: expect.any(String) });

    const bad = (email: string, password: string) =>
      json(`${server.base}/api/adviser/login`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ email, password }) });
    expect((await bad('sanne@voorbeeld.nl', 'wrong password!')).status).toBe(401);
    expect((await bad('niemand@voorbeeld.nl', PASSWORD)).body.error.code).toBe('invalid_login');
    expect((await bad('sanne@voorbeeld.nl', 'wrong again!!')).status).toBe(401);
    expect((await bad('SANNE@voorbeeld.nl', 'and again!!!')).status).toBe(401);
    // The account has had 3 failures now: even the right password waits.
    const limited = await bad('sanne@voorbeeld.nl', PASSWORD);
    expect(limited.status).toBe(429);
    expect(limited.body.error.code).toBe('too_many_attempts');
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);
    // A colleague at the same address is not locked out by it.
    await makeAdviser(server, 'ahmed@voorbeeld.nl', 'Ahmed Yilmaz');
    expect((await bad('ahmed@voorbeeld.nl', PASSWORD)).status).toBe(200);
    // Trying many accounts from one address is limited too (four times the per-account limit in all).
    const statuses: number[] = [];
    for (let i = 0; i < 9; i++) statuses.push((await bad(`onbekend${i}@voorbeeld.nl`, 'wrong password!')).status);
    expect(statuses.slice(0, 8)).toEqual(Array(8).fill(401));
    expect(statuses[8]).toBe(429);
    // Form posts (another site's HTML form) and bad bodies are refused.
    expect((await json(`${server.base}/api/adviser/login`, { method: 'POST', headers: { 'Content-Type': 'application/x-www-form-urlencoded' }, body: 'email=a&password=b' })).status).toBe(415);
    expect((await json(`${server.base}/api/adviser/login`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ email: 'x' }) })).status).toBe(400);

    const second = await start();
    await makeAdviser(second, 'sanne@voorbeeld.nl', 'Sanne de Vries');
    const adviser = await login(second, 'sanne@voorbeeld.nl');
    expect((await adviser.call('GET', '/api/adviser/session')).body.adviser.name).toBe('Sanne de Vries');
    expect((await adviser.call('POST', '/api/adviser/logout')).status).toBe(200);
    expect((await adviser.call('GET', '/api/adviser/queue')).status).toBe(401);
    const audit = await second.desk.desk.store.listAudit({});
    expect(audit.map((e) => e.action)).toEqual(['login', 'logout']);
  });

  it('answers 403 for a wrong or missing CSRF token and for another site, 404 for unknown conversations', async () => {
    const server = await start();
    await makeAdviser(server, 'sanne@voorbeeld.nl', 'Sanne de Vries');
    const adviser = await login(server, 'sanne@voorbeeld.nl');
    const { inwoner } = await inwonerInQueue(server);
    const claim = `/api/adviser/conversations/${inwoner.conversationId}/claim`;
    expect((await adviser.call('POST', claim, undefined, { 'x-csrf-token': 'wrong' })).status).toBe(403);
    const noToken = await json(`${server.base}${claim}`, { method: 'POST', headers: { Cookie: adviser.cookie } });
    expect(noToken.status).toBe(403);
    expect(noToken.body.error.code).toBe('csrf');
    expect((await adviser.call('POST', '/api/adviser/logout', undefined, { 'x-csrf-token': '' })).status).toBe(403);
    expect((await adviser.call('GET', '/api/adviser/queue', undefined, { Origin: 'https://evil.example' })).status).toBe(403);
    // Nothing was claimed by the refused requests.
    expect((await server.desk.desk.queue())[0]!.status).toBe('waiting');
    expect((await adviser.call('GET', '/api/adviser/conversations/not-a-conversation')).status).toBe(404);
    expect((await adviser.call('POST', '/api/adviser/conversations/not-a-conversation/claim')).status).toBe(404);
    expect((await adviser.call('POST', `/api/adviser/conversations/${inwoner.conversationId}/close`, { outcome: 'weg' })).status).toBe(400);
    expect((await adviser.call('POST', `/api/adviser/conversations/${inwoner.conversationId}/messages`, { text: '' })).status).toBe(400);
    // Only an admin reads the audit log over HTTP.
    expect((await adviser.call('GET', '/api/adviser/audit')).status).toBe(403);
  });

  it('settles a claim race: exactly one adviser wins, the other gets 409 with the holder; only the holder writes', async () => {
    const server = await start();
    await makeAdviser(server, 'sanne@voorbeeld.nl', 'Sanne de Vries');
    await makeAdviser(server, 'ahmed@voorbeeld.nl', 'Ahmed Yilmaz', 'admin');
    const [sanne, ahmed] = await Promise.all([login(server, 'sanne@voorbeeld.nl'), login(server, 'ahmed@voorbeeld.nl')]);
    const { inwoner } = await inwonerInQueue(server);
    const claim = `/api/adviser/conversations/${inwoner.conversationId}/claim`;
    const results = await Promise.all([sanne.call('POST', claim), ahmed.call('POST', claim)]);
    expect(results.map((r) => r.status).sort()).toEqual([200, 409]);
    const loser = results.find((r) => r.status === 409)!;
    const winner = results[0]!.status === 200 ? { client: sanne, name: 'Sanne de Vries' } : { client: ahmed, name: 'Ahmed Yilmaz' };
    const other = winner.client === sanne ? ahmed : sanne;
    expect(loser.body.error).toMatchObject({ code: 'conflict', holder: winner.name });
    // The person hears about one adviser only.
    const joined = await inwoner.waitFor((seen) => texts(seen).some((t) => /Je praat nu met/.test(t)));
    expect(texts(joined).filter((t) => /Je praat nu met/.test(t))).toHaveLength(1);

    const write = `/api/adviser/conversations/${inwoner.conversationId}/messages`;
    expect((await other.call('POST', write, { text: 'ik neem het over' })).status).toBe(409);
    expect((await other.call('POST', `/api/adviser/conversations/${inwoner.conversationId}/release`, { note: '' })).status).toBe(409);
    expect((await winner.client.call('POST', write, { text: 'Hallo!' })).status).toBe(201);
    // The admin reads the audit log.
    const audit = await ahmed.call('GET', `/api/adviser/audit?conversation=${inwoner.conversationId}`);
    expect(audit.status).toBe(200);
    expect(audit.body.entries.map((e: { action: string }) => e.action)).toEqual(['queued', 'claimed', 'wrote']);
  });
});

describe('adviser passwords', () => {
  it('hashes with scrypt and a salt, verifies, and never matches a malformed hash', async () => {
    const a = await hashPassword('een lang wachtwoord');
    const b = await hashPassword('een lang wachtwoord');
    expect(a).toMatch(/^scrypt\$131072\$8\$1\$[A-Za-z0-9_-]+\$[A-Za-z0-9_-]+$/);
    expect(a).not.toBe(b);
    expect(await verifyPassword('een lang wachtwoord', a)).toBe(true);
    expect(await verifyPassword('een lang wachtwoorD', a)).toBe(false);
    expect(await verifyPassword('een lang wachtwoord', 'plain-text')).toBe(false);
    expect(await verifyPassword('x', 'scrypt$99999999$8$1$abc$def')).toBe(false);
  });
});
