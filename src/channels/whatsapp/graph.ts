// Sending to the WhatsApp Cloud API: POST {graphUrl}/{phoneNumberId}/messages with the access token as Bearer.
// 429 and 5xx are tried again with exponential backoff (and Retry-After when given); other errors are thrown with
// Meta's error code. Nothing of the message text reaches a log or an error.
import type { Logger } from '../../logger.js';

export class GraphError extends Error {
  override name = 'GraphError';
  constructor(
    readonly status: number,
    readonly code: number | null,
  ) {
    super(`WhatsApp Graph API answered ${status}${code !== null ? ` (error code ${code})` : ''}`);
  }
}

export interface GraphOptions {
  graphUrl: string;
  phoneNumberId: string;
  accessToken: string;
  logger: Logger;
  /** Tries for one message on 429/5xx/network errors (default 4). */
  attempts?: number;
  /** First backoff in ms (doubles each time; default 500). */
  backoffMs?: number;
}

export type GraphMessage = Record<string, unknown> & { messaging_product: 'whatsapp'; to: string; type: string };

export class GraphClient {
  private readonly url: string;
  private readonly attempts: number;
  private readonly backoffMs: number;

  constructor(private readonly options: GraphOptions) {
    this.url = `${options.graphUrl}/${options.phoneNumberId}/messages`;
    this.attempts = options.attempts ?? 4;
    this.backoffMs = options.backoffMs ?? 500;
  }

  /** Send one message; resolves with Meta's message id. */
  async send(message: GraphMessage): Promise<string | null> {
    for (let attempt = 1; ; attempt++) {
      let status = 0;
      let retryAfter: number | null = null;
      try {
        const res = await fetch(this.url, {
          method: 'POST',
          headers: { Authorization: `Bearer ${this.options.accessToken}`, 'Content-Type': 'application/json' },
          body: JSON.stringify(message),
          signal: AbortSignal.timeout(15_000),
        });
        status = res.status;
        const body = (await res.json().catch(() => null)) as { messages?: Array<{ id?: string }>; error?: { code?: number } } | null;
        if (res.ok) return body?.messages?.[0]?.id ?? null;
        retryAfter = Number(res.headers.get('retry-after')) || null;
        if (status !== 429 && status < 500) {
          this.options.logger.error({ channel: 'whatsapp', status, code: body?.error?.code ?? null, type: message.type }, 'graph api refused a message');
          throw new GraphError(status, body?.error?.code ?? null);
        }
      } catch (error) {
        if (error instanceof GraphError) throw error;
        // Network error or timeout: tried again like a 5xx.
      }
      if (attempt >= this.attempts) {
        this.options.logger.error({ channel: 'whatsapp', status, attempts: attempt, type: message.type }, 'graph api kept failing');
        throw new GraphError(status, null);
      }
      const wait = Math.min(10_000, retryAfter !== null ? retryAfter * 1000 : this.backoffMs * 2 ** (attempt - 1));
      this.options.logger.warn({ channel: 'whatsapp', status, attempt, waitMs: wait }, 'graph api busy, trying again');
      await new Promise((resolve) => setTimeout(resolve, wait));
    }
  }
}
