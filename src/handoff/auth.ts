// Adviser accounts and console sessions: scrypt passwords, random session tokens (only their hash is stored), a
// CSRF token per session, absolute and idle expiry, and a limit on failed logins per account and per address.
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { AdviserAccount, AdviserRole, DeskStore } from '../store/desk-types.js';
import { MIN_PASSWORD_LENGTH, decoyHash, hashPassword, verifyPassword } from './passwords.js';
import type { Adviser } from './desk.js';
import { FixedWindowCounter } from '../limits.js';

export interface AuthOptions {
  sessionHours: number;
  idleMinutes: number;
  loginAttempts: number;
  now?: () => Date;
}

export interface Session {
  adviser: Adviser;
  csrfToken: string;
  tokenHash: string;
  expiresAt: string;
}

export type LoginResult =
  | { ok: true; token: string; session: Session }
  | { ok: false; reason: 'invalid' }
  | { ok: false; reason: 'limited'; retryAfterSeconds: number };

const WINDOW_MS = 15 * 60_000;
/** A client address may fail this many times the per-account limit. */
const CLIENT_FACTOR = 4;
/** Session activity is written at most this often (not on every request). */
const TOUCH_EVERY_MS = 60_000;

const sha256 = (text: string) => createHash('sha256').update(text).digest('base64url');

export function normalizeEmail(email: string): string {
  return email.trim().toLowerCase();
}

export function isValidEmail(email: string): boolean {
  return /^[^\s@]{1,64}@[^\s@]{1,255}\.[^\s@]{2,}$/.test(email) && email.length <= 254;
}

/** Make an account (the CLI). Throws a clear error for a bad address, a short password or an existing account. */
export async function addAdviser(store: DeskStore, input: { email: string; name: string; role: AdviserRole; password: string }, now = new Date()): Promise<AdviserAccount> {
  const email = normalizeEmail(input.email);
  if (!isValidEmail(email)) throw new Error(`"${input.email}" is not an e-mail address`);
  const name = input.name.trim();
  if (name.length === 0 || name.length > 100) throw new Error('--name is required (at most 100 characters)');
  if (input.password.length < MIN_PASSWORD_LENGTH) throw new Error(`The password must be at least ${MIN_PASSWORD_LENGTH} characters`);
  const account: AdviserAccount = { email, name, role: input.role, passwordHash: await hashPassword(input.password), createdAt: now.toISOString() };
  if (!(await store.addAdviser(account))) throw new Error(`An account for ${email} already exists`);
  return account;
}

export class AdviserAuth {
  /** Failed logins per account (guessing one password) and per client address (trying many accounts). */
  private readonly accountFailures: FixedWindowCounter;
  private readonly clientFailures: FixedWindowCounter;
  private readonly now: () => Date;
  private readonly lastTouched = new Map<string, number>();

  constructor(
    private readonly store: DeskStore,
    private readonly options: AuthOptions,
  ) {
    this.now = options.now ?? (() => new Date());
    const clock = () => this.now().getTime();
    this.accountFailures = new FixedWindowCounter(options.loginAttempts, WINDOW_MS, clock);
    // Wider per address: colleagues behind one gateway (or one proxy) should not lock each other out.
    this.clientFailures = new FixedWindowCounter(options.loginAttempts * CLIENT_FACTOR, WINDOW_MS, clock);
  }

  async login(emailInput: string, password: string, clientKey: string): Promise<LoginResult> {
    const email = normalizeEmail(emailInput);
    const blocked = Math.max(this.accountFailures.blockedFor(email), this.clientFailures.blockedFor(clientKey));
    if (blocked > 0) return { ok: false, reason: 'limited', retryAfterSeconds: blocked };
    const account = await this.store.getAdviser(email);
    // An unknown address costs the same time as a wrong password: no way to find out which accounts exist.
    const valid = await verifyPassword(password, account?.passwordHash ?? (await decoyHash()));
    if (!account || !valid) {
      this.accountFailures.hit(email);
      this.clientFailures.hit(clientKey);
      return { ok: false, reason: 'invalid' };
    }
    this.accountFailures.clear(email);
    const token = randomBytes(32).toString('base64url');
    const now = this.now();
    const session: Session = {
      adviser: { email: account.email, name: account.name, role: account.role },
      csrfToken: randomBytes(32).toString('base64url'),
      tokenHash: sha256(token),
      expiresAt: new Date(now.getTime() + this.options.sessionHours * 3_600_000).toISOString(),
    };
    await this.store.createSession({
      tokenHash: session.tokenHash,
      email: account.email,
      csrfToken: session.csrfToken,
      createdAt: now.toISOString(),
      lastSeenAt: now.toISOString(),
      expiresAt: session.expiresAt,
    });
    return { ok: true, token, session };
  }

  /** The session of a cookie token, or null when unknown, expired, idle too long, or its account is gone. */
  async authenticate(token: string | null): Promise<Session | null> {
    if (!token || token.length > 200) return null;
    const tokenHash = sha256(token);
    const record = await this.store.getSession(tokenHash);
    if (!record) return null;
    const now = this.now();
    const idleLimit = new Date(now.getTime() - this.options.idleMinutes * 60_000).toISOString();
    if (record.expiresAt <= now.toISOString() || record.lastSeenAt < idleLimit) {
      await this.store.deleteSession(tokenHash);
      return null;
    }
    const account = await this.store.getAdviser(record.email);
    if (!account) return null;
    const last = this.lastTouched.get(tokenHash) ?? 0;
    if (now.getTime() - last >= TOUCH_EVERY_MS) {
      this.lastTouched.set(tokenHash, now.getTime());
      await this.store.touchSession(tokenHash, now.toISOString());
    }
    return { adviser: { email: account.email, name: account.name, role: account.role }, csrfToken: record.csrfToken, tokenHash, expiresAt: record.expiresAt };
  }

  async logout(session: Session): Promise<void> {
    this.lastTouched.delete(session.tokenHash);
    await this.store.deleteSession(session.tokenHash);
  }

  /** Constant-time comparison of the request's CSRF header with the session's token. */
  static csrfMatches(session: Session, header: string | undefined): boolean {
    if (!header) return false;
    const a = Buffer.from(header);
    const b = Buffer.from(session.csrfToken);
    return a.length === b.length && timingSafeEqual(a, b);
  }

  async sweep(): Promise<number> {
    this.lastTouched.clear();
    return this.store.deleteSessionsBefore(this.now().toISOString());
  }
}
