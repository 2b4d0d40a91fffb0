import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
    globalSetup: ['test/support/global-setup.ts'],
    // Hang limits, not time budgets: tests wait for conditions (test/support/wait.ts), and a loaded
    // machine can stretch a 10 s test to minutes. Longer than HANG_MS (10 min) so that a stuck wait
    // reports what it was waiting for before vitest gives up on the test.
    testTimeout: 30 * 60_000,
    hookTimeout: 30 * 60_000,
    pool: 'forks',
    maxWorkers: 2,
  },
});
