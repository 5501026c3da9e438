// The HTTP server on a real port: health, readiness, understanding, and bad input.
import type { AddressInfo } from 'node:net';
import type { Server } from 'restify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../src/server/app.js';
import { createLogger } from '../src/logger.js';
import { understander } from './helpers.js';

let server: Server;
let base: string;
let ready = true;

beforeAll(async () => {
  server = createApp({ understander: understander(), logger: createLogger('silent'), isReady: () => ready });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

const post = (body: string) => fetch(`${base}/api/understand`, { method: 'POST', headers: { 'content-type': 'application/json' }, body });

describe('server', () => {
  it('answers health and readiness', async () => {
    expect((await fetch(`${base}/healthz`)).status).toBe(200);
    expect(await (await fetch(`${base}/readyz`)).json()).toEqual({ status: 'ready' });
    ready = false;
    expect((await fetch(`${base}/readyz`)).status).toBe(503);
    ready = true;
  });

  it('understands a message', async () => {
    const response = await post(JSON.stringify({ text: 'mijn man slaat me' }));
    expect(response.status).toBe(200);
    const body = await response.json();
    expect(body).toMatchObject({ crisis: true, theme: 'veiligheid', maatwerk: true });
  });

  it('refuses bad input with a clear message', async () => {
    const missing = await post(JSON.stringify({ txt: 'x' }));
    expect(missing.status).toBe(400);
    expect(((await missing.json()) as { message: string }).message).toMatch(/text/);
    expect((await post('{not json')).status).toBe(400);
    const tooLong = await post(JSON.stringify({ text: 'a'.repeat(100_001) }));
    expect(tooLong.status).toBe(400);
    expect(((await tooLong.json()) as { message: string }).message).toMatch(/longer than 100000/);
  });
});
