// Test helpers for the adviser desk: accounts, a logged-in adviser over real HTTP, and the live event stream.
import { addAdviser } from '../src/handoff/auth.js';
import type { Running } from './directline-helpers.js';

export const PASSWORD = 'correct horse battery staple';

export async function makeAdviser(server: Running, email: string, name: string, role: 'adviser' | 'admin' = 'adviser'): Promise<void> {
  await addAdviser(server.desk.desk.store, { email, name, role, password: PASSWORD });
}

export interface AdviserClient {
  cookie: string;
  csrf: string;
  call(method: string, path: string, body?: unknown, headers?: Record<string, string>): Promise<{ status: number; body: any; headers: Headers }>;
}

export async function login(server: Running, email: string, password = PASSWORD): Promise<AdviserClient> {
  const res = await fetch(`${server.base}/api/adviser/login`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ email, password }),
  });
  const body = (await res.json()) as { csrfToken: string };
  if (res.status !== 200) throw new Error(`login failed: ${res.status} ${JSON.stringify(body)}`);
  const cookie = (res.headers.get('set-cookie') ?? '').split(';')[0]!;
  const client: AdviserClient = {
    cookie,
    csrf: body.csrfToken,
    async call(method, path, payload, headers = {}) {
      const r = await fetch(`${server.base}${path}`, {
        method,
        headers: {
          Cookie: client.cookie,
          'x-csrf-token': client.csrf,
          ...(payload !== undefined ? { 'Content-Type': 'application/json' } : {}),
          ...headers,
        },
        ...(payload !== undefined ? { body: JSON.stringify(payload) } : {}),
      });
      const text = await r.text();
      return { status: r.status, body: text ? JSON.parse(text) : null, headers: r.headers };
    },
  };
  return client;
}

export interface StreamEvent {
  event: string;
  data: any;
}

/** The adviser's live event stream (server-sent events), read with fetch; `next` waits for a matching event. */
export async function openEvents(server: Running, client: AdviserClient) {
  const controller = new AbortController();
  const res = await fetch(`${server.base}/api/adviser/events`, { headers: { Cookie: client.cookie }, signal: controller.signal });
  if (res.status !== 200) throw new Error(`events: ${res.status}`);
  const events: StreamEvent[] = [];
  const waiters: Array<() => void> = [];
  const reader = res.body!.getReader();
  const decoder = new TextDecoder();
  let buffer = '';
  void (async () => {
    try {
      for (;;) {
        const { done, value } = await reader.read();
        if (done) break;
        buffer += decoder.decode(value, { stream: true });
        let end: number;
        while ((end = buffer.indexOf('\n\n')) >= 0) {
          const frame = buffer.slice(0, end);
          buffer = buffer.slice(end + 2);
          const event = /^event: (.*)$/m.exec(frame)?.[1];
          const data = /^data: (.*)$/m.exec(frame)?.[1];
          if (event && data) events.push({ event, data: JSON.parse(data) });
          waiters.splice(0).forEach((w) => w());
        }
      }
    } catch {
      // aborted
    }
  })();
  return {
    events,
    contentType: res.headers.get('content-type'),
    async next(match: (e: StreamEvent) => boolean, timeoutMs = 10_000): Promise<StreamEvent> {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const found = events.find(match);
        if (found) return found;
        if (Date.now() > deadline) throw new Error(`no matching event; saw ${JSON.stringify(events.map((e) => e.event))}`);
        await new Promise<void>((resolve) => {
          waiters.push(resolve);
          setTimeout(resolve, 100);
        });
      }
    },
    close: () => controller.abort(),
  };
}
