// A store for @fastify/rate-limit that reads the injected clock (docs/architecture.md#time) instead
// of Date.now(): fixed windows per key, like the plugin's LocalStore, so a test moves the clock past
// the window instead of sleeping. Kept in the process's memory: each process counts on its own.
import type { Clock } from '../clock.ts';

interface Window {
  count: number;
  startedAt: number;
}

type Callback = (err: Error | null, res: { current: number; ttl: number }) => void;

/** Keys kept before expired windows are swept (and, if still full, all forgotten). */
const MAX_KEYS = 100_000;

export interface RateLimitStoreClass {
  new (params: unknown): ClockRateLimitStore;
}

export class ClockRateLimitStore {
  private readonly windows = new Map<string, Window>();
  constructor(private readonly clock: Clock) {}

  incr(key: string, cb: Callback, timeWindow: number): void {
    const now = this.clock.now().getTime();
    let w = this.windows.get(key);
    if (!w || w.startedAt + timeWindow <= now) {
      if (!w && this.windows.size >= MAX_KEYS) this.sweep(now, timeWindow);
      w = { count: 0, startedAt: now };
      this.windows.set(key, w);
    }
    w.count++;
    cb(null, { current: w.count, ttl: w.startedAt + timeWindow - now });
  }

  read(key: string, cb: Callback, timeWindow: number): void {
    const now = this.clock.now().getTime();
    const w = this.windows.get(key);
    if (!w || w.startedAt + timeWindow <= now) cb(null, { current: 0, ttl: 0 });
    else cb(null, { current: w.count, ttl: w.startedAt + timeWindow - now });
  }

  /** A route with its own `config.rateLimit` gets counters of its own. */
  child(): ClockRateLimitStore {
    return new ClockRateLimitStore(this.clock);
  }

  private sweep(now: number, timeWindow: number): void {
    for (const [k, w] of this.windows) if (w.startedAt + timeWindow <= now) this.windows.delete(k);
    if (this.windows.size >= MAX_KEYS) this.windows.clear();
  }
}

/** The `store` option of @fastify/rate-limit (it constructs the store itself) bound to a clock. */
export function clockStore(clock: Clock): RateLimitStoreClass {
  return class extends ClockRateLimitStore {
    constructor() {
      super(clock);
    }
  };
}
