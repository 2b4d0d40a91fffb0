// Login throttling: after repeated failures an e-mail (or a client IP) is locked for a while.
// Kept in the process's memory: the table of attempts is not tenant data (an unknown e-mail has
// no tenant) and losing it on restart only shortens a lock. With several server processes each
// counts on its own, so the limits hold per process (documented in docs/console.md).

export interface ThrottleOptions {
  maxFailuresPerEmail: number;
  maxFailuresPerIp: number;
  /** Failures older than this are forgotten. */
  windowMs: number;
  /** How long a key stays locked once it reached its limit. */
  lockMs: number;
  now: () => number;
}

interface Entry {
  failures: number[];
  lockedUntil: number;
}

export const DEFAULT_THROTTLE: Omit<ThrottleOptions, 'now'> = {
  maxFailuresPerEmail: 5,
  maxFailuresPerIp: 20,
  windowMs: 15 * 60_000,
  lockMs: 15 * 60_000,
};

const MAX_KEYS = 100_000;

export class LoginThrottle {
  private readonly entries = new Map<string, Entry>();
  constructor(private readonly opts: ThrottleOptions) {}

  /** Milliseconds until the e-mail or the IP may try again, or 0 when neither is locked. */
  lockedFor(email: string, ip: string): { kind: 'email' | 'ip'; ms: number } | null {
    const t = this.opts.now();
    for (const [kind, key] of [
      ['email', `e:${email}`],
      ['ip', `i:${ip}`],
    ] as const) {
      const e = this.entries.get(key);
      if (e && e.lockedUntil > t) return { kind, ms: e.lockedUntil - t };
    }
    return null;
  }

  fail(email: string, ip: string): void {
    this.bump(`e:${email}`, this.opts.maxFailuresPerEmail);
    this.bump(`i:${ip}`, this.opts.maxFailuresPerIp);
  }

  /** A successful login forgets the e-mail's failures (not the IP's). */
  succeed(email: string): void {
    this.entries.delete(`e:${email}`);
  }

  private bump(key: string, max: number): void {
    const t = this.opts.now();
    if (this.entries.size >= MAX_KEYS) this.sweep(t);
    const e = this.entries.get(key) ?? { failures: [], lockedUntil: 0 };
    e.failures = e.failures.filter((at) => at > t - this.opts.windowMs);
    e.failures.push(t);
    if (e.failures.length >= max) {
      e.lockedUntil = t + this.opts.lockMs;
      e.failures = [];
    }
    this.entries.set(key, e);
  }

  private sweep(t: number): void {
    for (const [k, e] of this.entries) {
      if (e.lockedUntil <= t && e.failures.every((at) => at <= t - this.opts.windowMs)) this.entries.delete(k);
    }
    if (this.entries.size >= MAX_KEYS) this.entries.clear();
  }
}
