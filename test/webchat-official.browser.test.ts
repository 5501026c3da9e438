/// <reference lib="dom" />
// Microsoft's official Web Chat (botframework-webchat's dist bundle, a dev dependency) holding a conversation
// through our self-hosted Direct Line, in Chromium. The page lives on another origin, as on a gemeente's website.
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { createServer, type Server } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { CHROMIUM, chromiumAvailable, launchChromium } from './browser-helpers.js';
import { startServer, type Running } from './directline-helpers.js';

const available = chromiumAvailable;
if (!available) console.log(`official Web Chat test skipped: ${CHROMIUM} not found (apt-get install -y chromium)`);

describe.skipIf(!available)("Microsoft's official Web Chat over our Direct Line", () => {
  let browser: Browser;
  let server: Running;
  let site: Server;
  let siteOrigin = '';
  const page = () => `<!doctype html><html lang="nl"><head><title>Web Chat</title><script src="/webchat.js"></script></head>
<body><div id="webchat" style="height:600px"></div><script>
fetch('${server.base}/api/webchat/token', { method: 'POST' }).then(r => r.json()).then(({ token }) => {
  window.WebChat.renderWebChat({
    directLine: window.WebChat.createDirectLine({ token, domain: '${server.base}/v3/directline' }),
    locale: 'nl-NL'
  }, document.getElementById('webchat'));
});
</script></body></html>`;

  beforeAll(async () => {
    // The gemeente's page on its own origin (another port), loading Web Chat and calling our server across origins.
    const folder = createRequire(__filename).resolve.paths('botframework-webchat')!.map((p) => path.join(p, 'botframework-webchat')).find((p) => existsSync(p))!;
    const bundle = readFileSync(path.join(folder, 'dist', 'webchat.js'));
    site = createServer((req, res) => {
      const js = req.url === '/webchat.js';
      res.setHeader('Content-Type', js ? 'text/javascript' : 'text/html; charset=utf-8');
      res.writeHead(200);
      res.end(js ? bundle : page());
    });
    await new Promise<void>((resolve) => site.listen(0, '127.0.0.1', resolve));
    siteOrigin = `http://127.0.0.1:${(site.address() as { port: number }).port}`;
    server = await startServer({ config: { webchat: { allowedOrigins: [siteOrigin], tokensPerMinute: 100 } } });
    browser = await launchChromium();
  }, 60_000);
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
    site?.close();
  });

  it('gets a token, is welcomed, and walks to advice by clicking suggested actions', async () => {
    const page = await (await browser.newContext()).newPage();
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await page.goto(`${siteOrigin}/`);
    await expect.poll(() => page.locator('#webchat').innerText(), { timeout: 20_000 }).toMatch(/digitale hulp/);
    const box = page.locator('#webchat [data-id="webchat-sendbox-input"], #webchat input[type="text"], #webchat textarea').first();
    await box.fill('ik heb schulden en de deurwaarder komt');
    await box.press('Enter');
    await expect.poll(() => page.locator('#webchat').innerText(), { timeout: 20_000 }).toMatch(/ik heb schulden en de deurwaarder komt/);
    // Click suggested actions (real buttons in Web Chat) until offerings appear as hero cards.
    for (let step = 0; step < 12; step++) {
      if (/Bel \d/.test(await page.locator('#webchat').innerText())) break;
      const actions = page.locator('#webchat .webchat__suggested-actions button, #webchat [role="toolbar"] button');
      await actions.first().waitFor({ timeout: 15_000 });
      const before = await page.locator('#webchat').innerText();
      await actions.first().click();
      await expect.poll(() => page.locator('#webchat').innerText(), { timeout: 15_000 }).not.toBe(before);
    }
    expect(await page.locator('#webchat').innerText()).toMatch(/Bel \d/);
    expect(errors).toEqual([]);
  }, 120_000);
});
