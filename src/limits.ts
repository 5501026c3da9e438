// Fixed-window counters per key, in memory only: rate limits on the web chat token endpoint and on failed adviser
// logins. Keys (client addresses, account names) are never stored or logged.

export class FixedWindowCounter {
  private readonly windows = new Map<string, { start: number; count: number }>();

  constructor(
    private readonly limit: number,
    private readonly windowMs: number,
    private readonly now: () => number = () => Date.now(),
  ) {}

  /** Count one for the key; false when that goes over the limit of the current window. */
  hit(key: string): boolean {
    const now = this.now();
    const window = this.current(key, now);
    if (!window) {
      this.windows.set(key, { start: now, count: 1 });
      if (this.windows.size > 10_000) this.prune(now);
      return 1 <= this.limit;
    }
    window.count++;
    return window.count <= this.limit;
  }

  /** Seconds until the key may go on (0 when it is under the limit now). */
  blockedFor(key: string): number {
    const now = this.now();
    const window = this.current(key, now);
    return window && window.count >= this.limit ? Math.ceil((this.windowMs - (now - window.start)) / 1000) : 0;
  }

  clear(key: string): void {
    this.windows.delete(key);
  }

  private current(key: string, now: number): { start: number; count: number } | null {
    const window = this.windows.get(key);
    if (!window) return null;
    if (now - window.start >= this.windowMs) {
      this.windows.delete(key);
      return null;
    }
    return window;
  }

  private prune(now: number): void {
    for (const [key, window] of this.windows) if (now - window.start >= this.windowMs) this.windows.delete(key);
  }
}
