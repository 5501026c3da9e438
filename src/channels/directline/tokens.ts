// Direct Line tokens: signed (HMAC-SHA256), expiring, and bound to one conversation. The signing key lives in a
// file created on first start, so tokens stay valid across restarts of the server (a visitor's page keeps working).
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';

const PREFIX = 'kh1';

export interface TokenClaims {
  conversationId: string;
  /** Seconds since the epoch. */
  expiresAt: number;
}

export type TokenCheck = { ok: true; claims: TokenClaims } | { ok: false; reason: 'invalid' | 'expired' };

function readTokenKey(file: string): Buffer {
  const key = Buffer.from(readFileSync(file, 'utf8').trim(), 'base64');
  if (key.length < 32) throw new Error(`The Direct Line token key in ${file} is too short; delete the file to make a new one`);
  return key;
}

/** Read the signing key, or create one (32 random bytes, readable by the owner only). */
export function loadOrCreateTokenKey(file: string): Buffer {
  if (existsSync(file)) return readTokenKey(file);
  mkdirSync(path.dirname(file), { recursive: true });
  const key = randomBytes(32);
  try {
    writeFileSync(file, `${key.toString('base64')}\n`, { mode: 0o600, flag: 'wx' });
  } catch (error) {
    // Another instance created it in the meantime: use that one, so both sign alike.
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return readTokenKey(file);
    throw error;
  }
  chmodSync(file, 0o600);
  return key;
}

export class TokenIssuer {
  constructor(
    private readonly key: Buffer,
    private readonly lifetimeSeconds: number,
    private readonly now: () => number = () => Date.now(),
  ) {}

  get expiresIn(): number {
    return this.lifetimeSeconds;
  }

  issue(conversationId: string): string {
    const claims = { c: conversationId, e: Math.floor(this.now() / 1000) + this.lifetimeSeconds };
    const body = Buffer.from(JSON.stringify(claims)).toString('base64url');
    return `${PREFIX}.${body}.${this.sign(body)}`;
  }

  check(token: string): TokenCheck {
    const parts = token.split('.');
    if (parts.length !== 3 || parts[0] !== PREFIX) return { ok: false, reason: 'invalid' };
    const [, body, signature] = parts as [string, string, string];
    const expected = Buffer.from(this.sign(body));
    const given = Buffer.from(signature);
    if (expected.length !== given.length || !timingSafeEqual(expected, given)) return { ok: false, reason: 'invalid' };
    let claims: unknown;
    try {
      claims = JSON.parse(Buffer.from(body, 'base64url').toString('utf8'));
    } catch {
      return { ok: false, reason: 'invalid' };
    }
    const { c, e } = (claims ?? {}) as { c?: unknown; e?: unknown };
    if (typeof c !== 'string' || typeof e !== 'number') return { ok: false, reason: 'invalid' };
    if (e * 1000 <= this.now()) return { ok: false, reason: 'expired' };
    return { ok: true, claims: { conversationId: c, expiresAt: e } };
  }

  private sign(body: string): string {
    return createHmac('sha256', this.key).update(`${PREFIX}.${body}`).digest('base64url');
  }
}
