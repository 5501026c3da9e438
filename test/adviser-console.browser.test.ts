/// <reference lib="dom" />
// The handoff in Chromium with two browser contexts: an inwoner in the web chat widget and an adviser in the console
// (/adviseur). Ask for a person → queued → claimed → messages both ways → hand back → the bot resumes; a claim race
// between two advisers; the out-of-hours callback path; HTML typed by an inwoner stays text; axe-core on the console.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { CHROMIUM, chromiumAvailable, launchChromium } from './browser-helpers.js';
import { startServer, type Running } from './directline-helpers.js';
import { PASSWORD, makeAdviser } from './handoff-helpers.js';
import { ACCESS_TOKEN, APP_SECRET, PHONE_NUMBER_ID, VERIFY_TOKEN, delivery, postWebhook, startGraph, type GraphStandIn } from './whatsapp-helpers.js';
import { conversationIdFor } from '../src/channels/whatsapp/index.js';

const available = chromiumAvailable;
if (!available) console.log(`adviser console browser tests skipped: ${CHROMIUM} not found (apt-get install -y chromium)`);

const axeSource = readFileSync(createRequire(__filename).resolve('axe-core/axe.min.js'), 'utf8');

interface Opened {
  page: Page;
  context: BrowserContext;
  problems: string[];
}

describe.skipIf(!available)('adviser console and web chat in Chromium', () => {
  let browser: Browser;
  let server: Running;
  let closedServer: Running;
  let whatsappServer: Running;
  let graph: GraphStandIn;
  /** The WhatsApp server's clock runs this far ahead (to pass the 24-hour window). */
  let offset = 0;
  const contexts: BrowserContext[] = [];

  beforeAll(async () => {
    server = await startServer();
    closedServer = await startServer({ adviserHours: 'never' });
    graph = await startGraph();
    whatsappServer = await startServer({
      now: () => new Date(Date.now() + offset),
      whatsapp: { verifyToken: VERIFY_TOKEN, appSecret: APP_SECRET, accessToken: ACCESS_TOKEN, phoneNumberId: PHONE_NUMBER_ID, graphUrl: graph.url, reengageTemplate: { name: 'keuzehulp_verder', language: 'nl' } },
    });
    for (const s of [server, closedServer, whatsappServer]) {
      await makeAdviser(s, 'sanne@voorbeeld.nl', 'Sanne de Vries');
      await makeAdviser(s, 'ahmed@voorbeeld.nl', 'Ahmed Yilmaz');
    }
    browser = await launchChromium();
  }, 60_000);
  afterAll(async () => {
    for (const c of contexts) await c.close().catch(() => undefined);
    await browser?.close();
    await server?.stop();
    await closedServer?.stop();
    await whatsappServer?.stop();
    await graph?.close();
  });

  async function open(url: string): Promise<Opened> {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    contexts.push(context);
    const page = await context.newPage();
    const problems: string[] = [];
    page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
    page.on('dialog', (dialog) => {
      problems.push(`dialog: ${dialog.message()}`);
      void dialog.dismiss();
    });
    page.on('console', (message) => {
      // The browser logs every failed fetch: the session check before login (401) and a refused claim (409) are by design.
      if (message.type() === 'error' && !/status of (401|409)/.test(message.text())) problems.push(`console: ${message.text()}`);
    });
    await page.goto(url);
    return { page, context, problems };
  }

  async function axe(page: Page) {
    // Evaluated through the DevTools protocol: the page's own CSP (rightly) refuses an injected script tag.
    await page.evaluate(axeSource);
    return page.evaluate(async () => {
      const result = await (window as unknown as { axe: { run: (ctx: unknown, options: unknown) => Promise<{ violations: Array<{ id: string; nodes: unknown[] }> }> } }).axe.run(document, {
        runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] },
      });
      return result.violations.map((v) => `${v.id} (${v.nodes.length})`);
    });
  }

  async function loginConsole(s: Running, email: string): Promise<Opened> {
    const opened = await open(`${s.base}/adviseur`);
    await opened.page.locator('#login-email').fill(email);
    await opened.page.locator('#login-password').fill(PASSWORD);
    await opened.page.getByRole('button', { name: 'Inloggen' }).click({ timeout: 10_000 });
    await opened.page.locator('#queue-heading').waitFor({ timeout: 10_000 });
    return opened;
  }

  /** An inwoner on the demo page who tells their story and asks for a person (consent given). */
  async function inwonerAsksForPerson(s: Running, story: string): Promise<Opened> {
    const opened = await open(`${s.base}/`);
    const { page } = opened;
    await page.getByRole('button', { name: 'Keuzehulp' }).click();
    await expect.poll(() => page.locator('.kh-bot .kh-text').allTextContents(), { timeout: 10_000 }).toContainEqual(expect.stringMatching(/digitale hulp/));
    await page.getByRole('textbox', { name: 'Je bericht' }).fill(story);
    await page.keyboard.press('Enter');
    await expect.poll(() => page.locator('.kh-choice').count(), { timeout: 10_000 }).toBeGreaterThan(0);
    await page.getByRole('button', { name: 'Praat met een medewerker' }).click({ timeout: 10_000 });
    await page.locator('.kh-choice', { hasText: 'Ja, dat mag' }).click({ timeout: 10_000 });
    return opened;
  }

  const botText = (page: Page) => page.locator('.kh-msg .kh-text').allTextContents();

  it('shows the login screen without WCAG 2.1 AA violations, under a strict CSP', async () => {
    const { page, problems } = await open(`${server.base}/adviseur`);
    await page.locator('#login-email').waitFor();
    const response = await page.request.get(`${server.base}/adviseur`);
    expect(response.headers()['content-security-policy']).toMatch(/script-src 'self'/);
    expect(response.headers()['content-security-policy']).toMatch(/frame-ancestors 'none'/);
    expect(await axe(page)).toEqual([]);
    // A wrong password is said in words, in an alert.
    await page.locator('#login-email').fill('sanne@voorbeeld.nl');
    await page.locator('#login-password').fill('niet het goede wachtwoord');
    await page.getByRole('button', { name: 'Inloggen' }).click();
    await expect.poll(() => page.locator('#login-error').textContent(), { timeout: 10_000 }).toMatch(/\S/);
    expect(problems).toEqual([]);
  });

  it('queue → claim → messages both ways → hand back → the bot resumes; inwoner HTML stays text; axe clean', async () => {
    const adviser = await loginConsole(server, 'sanne@voorbeeld.nl');
    const inwoner = await inwonerAsksForPerson(server, 'ik heb schulden en de deurwaarder komt morgen');
    await expect.poll(() => botText(inwoner.page), { timeout: 10_000 }).toContainEqual(expect.stringMatching(/Je bent de volgende/));

    // The queue updates live (no reload): the request appears with its theme and urgency.
    const row = adviser.page.locator('tr[data-conversation-id]').first();
    await row.waitFor({ timeout: 10_000 });
    await expect.poll(() => row.textContent()).toMatch(/Geldzorgen/);
    expect(await row.textContent()).toMatch(/Spoed/);
    await row.getByRole('button', { name: 'Bekijken' }).click();
    await expect.poll(() => adviser.page.locator('#summary').textContent(), { timeout: 10_000 }).toMatch(/deurwaarder/);
    expect(await axe(adviser.page)).toEqual([]);

    await adviser.page.locator('#claim-button').click();
    await expect.poll(() => botText(inwoner.page), { timeout: 10_000 }).toContainEqual('Je praat nu met Sanne, adviseur van het wijkteam.');
    await adviser.page.locator('#message-input').waitFor();
    expect(await axe(adviser.page)).toEqual([]);

    await adviser.page.locator('#message-input').fill('Hoi, ik ben Sanne. Wat staat er in de brief?');
    await adviser.page.getByRole('button', { name: 'Versturen' }).click();
    await expect.poll(() => inwoner.page.locator('.kh-adviser').textContent(), { timeout: 10_000 }).toMatch(/Sanne, adviseur: Hoi, ik ben Sanne\. Wat staat er in de brief\?/);

    // What the inwoner types reaches the console live, and markup stays text there.
    const attack = '<img src=x onerror=alert(1)>';
    await inwoner.page.getByRole('textbox', { name: 'Je bericht' }).fill(attack);
    await inwoner.page.keyboard.press('Enter');
    await expect.poll(() => adviser.page.locator('#transcript').textContent(), { timeout: 10_000 }).toContain(attack);
    expect(await adviser.page.locator('#transcript img').count()).toBe(0);

    await adviser.page.locator('#release-note').fill('Brief bekeken, verwezen naar schuldhulp');
    await adviser.page.getByRole('button', { name: 'Teruggeven' }).click();
    await expect.poll(() => botText(inwoner.page), { timeout: 10_000 }).toContainEqual(expect.stringMatching(/Je praat weer met de digitale hulp/));
    // The bot continues where it was: with choices to go on.
    await expect.poll(() => inwoner.page.locator('.kh-choice').count(), { timeout: 10_000 }).toBeGreaterThan(0);
    expect(adviser.problems).toEqual([]);
    expect(inwoner.problems).toEqual([]);
  });

  it('works with the keyboard only: log in, open a conversation from the queue, take it over, write', async () => {
    const inwoner = await inwonerAsksForPerson(server, 'mijn dochter wordt gepest op school');
    await expect.poll(() => botText(inwoner.page), { timeout: 10_000 }).toContainEqual(expect.stringMatching(/in de rij|de volgende/));
    const { page, problems } = await open(`${server.base}/adviseur`);
    await page.locator('#login-email').waitFor();
    const focused = () => page.evaluate(() => document.activeElement?.id || document.activeElement?.textContent?.trim() || '');
    // Tab until the e-mail field has focus (the page may have a skip link first).
    for (let i = 0; i < 5 && (await focused()) !== 'login-email'; i++) await page.keyboard.press('Tab');
    expect(await focused()).toBe('login-email');
    await page.keyboard.type('ahmed@voorbeeld.nl');
    await page.keyboard.press('Tab');
    await page.keyboard.type(PASSWORD);
    await page.keyboard.press('Enter');
    await expect.poll(focused, { timeout: 10_000 }).toBe('queue-heading');
    // Tab to the first "Bekijken" button of the queue and open it with Enter.
    for (let i = 0; i < 30 && (await focused()) !== 'Bekijken'; i++) await page.keyboard.press('Tab');
    expect(await focused()).toBe('Bekijken');
    await page.keyboard.press('Enter');
    await expect.poll(focused, { timeout: 10_000 }).toBe('conversation-heading');
    for (let i = 0; i < 40 && (await focused()) !== 'claim-button'; i++) await page.keyboard.press('Tab');
    expect(await focused()).toBe('claim-button');
    await page.keyboard.press('Enter');
    await expect.poll(focused, { timeout: 10_000 }).toMatch(/message-input|conversation-heading/);
    await page.locator('#message-input').focus();
    await page.keyboard.type('Hallo, ik help je verder.');
    await page.keyboard.press('Enter');
    await expect.poll(() => inwoner.page.locator('.kh-adviser .kh-text').allTextContents(), { timeout: 10_000 }).toContain('Hallo, ik help je verder.');
    expect(problems).toEqual([]);
  });

  it('settles a claim race between two advisers: one takes over, the other is told who has it', async () => {
    const sanne = await loginConsole(server, 'sanne@voorbeeld.nl');
    const ahmed = await loginConsole(server, 'ahmed@voorbeeld.nl');
    const inwoner = await inwonerAsksForPerson(server, 'ik voel me heel eenzaam sinds mijn man is overleden');
    await expect.poll(() => botText(inwoner.page), { timeout: 10_000 }).toContainEqual(expect.stringMatching(/in de rij|de volgende/));
    const conversationId = await inwoner.page.evaluate(() => {
      for (let i = 0; i < sessionStorage.length; i++) {
        const value = sessionStorage.getItem(sessionStorage.key(i)!);
        const parsed = value ? (JSON.parse(value) as { conversationId?: string }) : null;
        if (parsed?.conversationId) return parsed.conversationId;
      }
      return null;
    });
    expect(conversationId).toBeTruthy();
    const rowOf = (page: Page) => page.locator(`tr[data-conversation-id="${conversationId}"]`);
    // Every wait has its own limit, so a slow step says which one it was.
    for (const console of [sanne, ahmed]) await rowOf(console.page).getByRole('button', { name: 'Bekijken' }).click({ timeout: 10_000 });
    for (const console of [sanne, ahmed]) await console.page.locator('#claim-button').waitFor({ timeout: 10_000 });
    // Both click at once. A click through the DOM, not through Playwright's wait for a visible button: when one claim
    // lands first, the other console hides its button on the live update, and a busy machine may get there before
    // the second click; the product must settle the race either way (a 409 or the update), which is what we check.
    const claim = () => (document.getElementById('claim-button') as HTMLButtonElement).click();
    await Promise.all([sanne.page.evaluate(claim), ahmed.page.evaluate(claim)]);

    const held = async (page: Page) => (await page.locator('#message-input').isVisible()) ? 1 : 0;
    await expect.poll(async () => (await held(sanne.page)) + (await held(ahmed.page)), { timeout: 10_000 }).toBe(1);
    const loser = (await held(sanne.page)) ? ahmed : sanne;
    const winnerName = loser === ahmed ? 'Sanne de Vries' : 'Ahmed Yilmaz';
    await expect.poll(async () => `${await loser.page.locator('#status').textContent()} ${await loser.page.locator('#conversation-state').textContent()}`, { timeout: 10_000 }).toContain(winnerName);
    // The inwoner hears about exactly one adviser.
    await expect.poll(async () => (await botText(inwoner.page)).filter((t) => /Je praat nu met/.test(t)).length, { timeout: 10_000 }).toBe(1);
  }, 60_000);

  it('out of hours: the inwoner asks for a callback; the console shows the number and the moment', async () => {
    const inwoner = await inwonerAsksForPerson(closedServer, 'ik kan mijn huur niet meer betalen');
    await expect.poll(() => botText(inwoner.page), { timeout: 10_000 }).toContainEqual(expect.stringMatching(/nu niet bereikbaar/));
    await inwoner.page.locator('.kh-choice', { hasText: 'Ja, bel me terug' }).click();
    await inwoner.page.locator('.kh-choice', { hasText: 'In de middag' }).click();
    await expect.poll(() => botText(inwoner.page), { timeout: 10_000 }).toContainEqual(expect.stringMatching(/Op welk telefoonnummer/));
    await inwoner.page.getByRole('textbox', { name: 'Je bericht' }).fill('0612345679');
    await inwoner.page.keyboard.press('Enter');
    await expect.poll(() => botText(inwoner.page), { timeout: 10_000 }).toContainEqual(expect.stringMatching(/belt je terug/));

    const adviser = await loginConsole(closedServer, 'sanne@voorbeeld.nl');
    const row = adviser.page.locator('tr[data-conversation-id]').first();
    await row.waitFor({ timeout: 10_000 });
    expect(await row.textContent()).toMatch(/Terugbelverzoek: In de middag/);
    await row.getByRole('button', { name: 'Bekijken' }).click();
    await expect.poll(() => adviser.page.locator('#callback-phone a').getAttribute('href'), { timeout: 10_000 }).toBe('tel:0612345679');
    expect(await adviser.page.locator('#callback-moment').textContent()).toMatch(/In de middag/);
    expect(await axe(adviser.page)).toEqual([]);
    expect(adviser.problems).toEqual([]);
  });

  it('WhatsApp after 24 hours: the console says so and sends the re-engagement template', async () => {
    const waId = '31698765432';
    for (const text of ['ik zorg voor mijn moeder en ik ben op', 'medewerker', 'ja']) {
      expect((await postWebhook(whatsappServer.base, delivery(waId, { type: 'text', text: { body: text } }).body)).status).toBe(200);
      await whatsappServer.product.whatsappDrain();
    }
    const id = conversationIdFor(waId, whatsappServer.tokenKey);
    const adviser = await loginConsole(whatsappServer, 'sanne@voorbeeld.nl');
    const row = adviser.page.locator(`tr[data-conversation-id="${id}"]`);
    await row.waitFor({ timeout: 10_000 });
    expect(await row.textContent()).toMatch(/WhatsApp/);
    await row.getByRole('button', { name: 'Bekijken' }).click();
    await adviser.page.locator('#claim-button').click();
    await adviser.page.locator('#message-input').waitFor();
    expect(await adviser.page.locator('#window-box').isHidden()).toBe(true);

    // A day and more later (the session ended too): log in again and open the conversation.
    offset = 25 * 3_600_000;
    const later = await loginConsole(whatsappServer, 'sanne@voorbeeld.nl');
    await later.page.locator(`tr[data-conversation-id="${id}"]`).getByRole('button', { name: 'Bekijken' }).click();
    await later.page.locator('#window-box').waitFor({ timeout: 10_000 });
    expect(await later.page.locator('#window-text').textContent()).toMatch(/meer dan 24 uur geleden/);
    expect(await axe(later.page)).toEqual([]);
    const before = graph.messages.length;
    await later.page.getByRole('button', { name: 'Stuur uitnodiging' }).click();
    await expect.poll(() => later.page.locator('#status').textContent(), { timeout: 10_000 }).toMatch(/uitnodiging is verstuurd/);
    expect(graph.messages.slice(before)).toEqual([expect.objectContaining({ to: waId, type: 'template', template: { name: 'keuzehulp_verder', language: { code: 'nl' } } })]);
    expect(graph.invalid).toEqual([]);
    expect(later.problems).toEqual([]);
  });
});
