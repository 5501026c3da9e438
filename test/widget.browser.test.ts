/// <reference lib="dom" />
// The web chat widget end to end in Chromium (Debian's chromium through playwright-core): the demo page, typing,
// choices, offering cards, a reload that continues, keyboard-only use, a 320 px screen, the strict CSP, and axe-core
// with no WCAG 2.1 AA violations while the chat is open.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { CHROMIUM, chromiumAvailable, launchChromium } from './browser-helpers.js';
import { startServer, type Running } from './directline-helpers.js';

const available = chromiumAvailable;
if (!available) console.log(`widget browser tests skipped: ${CHROMIUM} not found (apt-get install -y chromium)`);

const axeSource = readFileSync(createRequire(__filename).resolve('axe-core/axe.min.js'), 'utf8');

describe.skipIf(!available)('web chat widget in Chromium', () => {
  let browser: Browser;
  let server: Running;
  beforeAll(async () => {
    server = await startServer();
    browser = await launchChromium();
  }, 60_000);
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  async function openPage(viewport = { width: 1280, height: 900 }) {
    const context = await browser.newContext({ viewport });
    const page = await context.newPage();
    const problems: string[] = [];
    page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
    page.on('console', (message) => {
      if (message.type() === 'error') problems.push(`console: ${message.text()}`);
    });
    const response = await page.goto(`${server.base}/`);
    return { page, context, problems, response };
  }

  const log = (page: Page) => page.getByRole('log');
  async function botMessages(page: Page) {
    return page.locator('.kh-bot .kh-text').allTextContents();
  }
  async function waitForBotCount(page: Page, count: number) {
    await page.waitForFunction((n) => document.querySelectorAll('.kh-bot').length >= n, count, { timeout: 10_000 });
  }

  it('holds a conversation to offering cards, and a reload continues it', async () => {
    const { page, context, problems, response } = await openPage();
    expect(response!.headers()['content-security-policy']).toMatch(/script-src 'self'/);
    await page.getByRole('button', { name: 'Keuzehulp' }).click();
    await expect.poll(async () => (await botMessages(page)).join(' '), { timeout: 10_000 }).toMatch(/digitale hulp/);
    await page.getByRole('textbox', { name: 'Je bericht' }).fill('ik heb schulden en de deurwaarder komt');
    await page.keyboard.press('Enter');
    // The person's own words appear as text.
    await expect.poll(() => page.locator('.kh-user .kh-text').allTextContents(), { timeout: 10_000 }).toContain('ik heb schulden en de deurwaarder komt');
    for (let step = 0; step < 12 && (await page.locator('.kh-card').count()) === 0; step++) {
      const before = await page.locator('.kh-bot').count();
      await page.locator('.kh-choice').first().waitFor({ timeout: 10_000 });
      await page.locator('.kh-choice').first().click();
      await waitForBotCount(page, before + 1);
    }
    expect(await page.locator('.kh-card').count()).toBeGreaterThan(0);
    expect(await page.locator('.kh-card a[href^="tel:"]').count()).toBeGreaterThan(0);
    const shown = await page.locator('.kh-msg').count();

    await page.reload();
    // The panel opens again by itself and shows the conversation so far; the next message goes on from there.
    await expect.poll(() => page.locator('.kh-msg').count(), { timeout: 10_000 }).toBeGreaterThanOrEqual(shown);
    expect(await page.locator('.kh-card').count()).toBeGreaterThan(0);
    expect(problems).toEqual([]);
    await context.close();
  });

  it('works with the keyboard only, and refuses a message over 2,000 characters without losing it', async () => {
    const { page, context, problems } = await openPage();
    // The widget adds its launcher once its words are loaded.
    await page.locator('.kh-launcher').waitFor();
    await page.keyboard.press('Tab'); // skip link
    await page.keyboard.press('Tab'); // the launcher
    expect(await page.evaluate(() => document.activeElement?.className)).toContain('kh-launcher');
    await page.keyboard.press('Enter');
    // Opening moves focus to the message box.
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('kh-input');
    await waitForBotCount(page, 1);
    await page.keyboard.type('ik voel me zo eenzaam');
    await page.keyboard.press('Enter');
    await page.locator('.kh-choice').first().waitFor({ timeout: 10_000 });
    // Choices are real buttons, reachable with Tab.
    let reached = false;
    for (let i = 0; i < 10 && !reached; i++) {
      await page.keyboard.press('Shift+Tab');
      reached = await page.evaluate(() => document.activeElement?.classList.contains('kh-choice') ?? false);
    }
    expect(reached).toBe(true);
    const before = await page.locator('.kh-bot').count();
    await page.keyboard.press('Enter');
    await waitForBotCount(page, before + 1);

    const long = 'a'.repeat(2001);
    await page.locator('#kh-input').fill(long);
    await page.locator('#kh-input').press('Enter');
    await expect.poll(() => page.locator('.kh-hint').textContent()).toMatch(/te lang/);
    expect(await page.locator('#kh-input').inputValue()).toBe(long);

    // What a person types is shown as text, never as HTML.
    await page.locator('#kh-input').fill('<img src=x class=injected> hallo');
    await page.locator('#kh-input').press('Enter');
    await expect.poll(() => page.locator('.kh-user .kh-text').allTextContents(), { timeout: 10_000 }).toContain('<img src=x class=injected> hallo');
    expect(await page.locator('.kh-log img').count()).toBe(0);

    // Escape closes the panel and gives focus back to the launcher: no keyboard trap.
    await page.locator('#kh-input').focus();
    await page.keyboard.press('Escape');
    expect(await page.locator('#kh-panel').isHidden()).toBe(true);
    expect(await page.evaluate(() => document.activeElement?.className)).toContain('kh-launcher');
    expect(problems).toEqual([]);
    await context.close();
  });

  it('fits a 320 px wide screen and keeps text readable at 200 % zoom', async () => {
    const { page, context } = await openPage({ width: 320, height: 640 });
    await page.getByRole('button', { name: 'Keuzehulp' }).click();
    await waitForBotCount(page, 1);
    const box = await page.locator('#kh-panel').boundingBox();
    expect(box!.width).toBeLessThanOrEqual(320);
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(320);
    await page.evaluate(() => (document.documentElement.style.fontSize = '200%'));
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(320);
    await context.close();
  });

  it('has no WCAG 2.1 AA violations (axe-core) on the demo page with the chat open', async () => {
    const { page, context } = await openPage();
    await page.getByRole('button', { name: 'Keuzehulp' }).click();
    await waitForBotCount(page, 2);
    await page.locator('#kh-input').fill('ik heb schulden');
    await page.keyboard.press('Enter');
    await page.locator('.kh-choice').first().waitFor({ timeout: 10_000 });
    // Evaluated through the browser's debugging protocol, so our own CSP stays as it is.
    await page.evaluate(axeSource);
    const result = await page.evaluate(async () => {
      const axe = (window as unknown as { axe: { run: (ctx: unknown, opts: unknown) => Promise<{ violations: Array<{ id: string; nodes: unknown[] }> }> } }).axe;
      const r = await axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] } });
      return r.violations.map((v) => ({ id: v.id, nodes: v.nodes.length }));
    });
    expect(result).toEqual([]);
    expect(await log(page).getAttribute('aria-live')).toBe('polite');
    await context.close();
  });
});
