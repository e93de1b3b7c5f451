import { defineConfig } from 'vitest/config';

/**
 * One run: the emulators start once (globalSetup) and every worker gets the handlers' environment (setupFiles).
 * Unit tests never touch them; integration tests share one in-memory DynamoDB, so each test owns its region codes.
 */
export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    globalSetup: ['test/support/global-setup.ts'],
    setupFiles: ['test/support/handler-env.ts'],
    // Integration and e2e files mostly wait on emulators and child processes: one worker per core, not one less.
    maxWorkers: '100%',
    testTimeout: 15_000,
    hookTimeout: 30_000,
  },
});
