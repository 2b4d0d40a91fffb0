// A background loop that runs a round of work, and sleeps `pollMs` only when a round found nothing
// to do; stop() wakes it and waits for the round in hand. Outboxes (notifications, PSP calls) use it.

export interface PollLoop {
  stop(): Promise<void>;
}

/** `round` returns how much it did; errors go to `onError` and the loop goes on. */
export function startPollLoop(round: () => Promise<number>, o: { pollMs: number; onError?: (err: unknown) => void }): PollLoop {
  let stopped = false;
  let wake: (() => void) | null = null;
  const loop = (async () => {
    while (!stopped) {
      let n = 0;
      try {
        n = await round();
      } catch (err) {
        o.onError?.(err);
      }
      if (n === 0 && !stopped) {
        await new Promise<void>((resolve) => {
          const t = setTimeout(resolve, o.pollMs);
          wake = () => {
            clearTimeout(t);
            resolve();
          };
        });
        wake = null;
      }
    }
  })();
  return {
    async stop() {
      stopped = true;
      (wake as (() => void) | null)?.();
      await loop;
    },
  };
}
