// Tests wait for conditions (a server answers, events arrive, rows are read), never for a time
// budget: a loaded machine stretches everything (at a load average of 15 on 2 cores a 10 s wait
// took minutes). The only limit is one that catches a real hang.

/** How long a single wait may last before it is a hang rather than a slow machine. */
export const HANG_MS = 10 * 60_000;

/** Polls `fn` until it returns something truthy and returns that; throws naming `what` after `hangMs`. */
export async function waitFor<T>(
  what: string,
  fn: () => T | null | undefined | false | Promise<T | null | undefined | false>,
  { everyMs = 100, hangMs = HANG_MS }: { everyMs?: number; hangMs?: number } = {},
): Promise<T> {
  const started = Date.now();
  for (;;) {
    const v = await fn();
    if (v) return v;
    if (Date.now() - started > hangMs)
      throw new Error(`still waiting for ${what} after ${Math.round((Date.now() - started) / 1000)} s: a hang`);
    await new Promise((r) => setTimeout(r, everyMs));
  }
}
