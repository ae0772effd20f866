import { defineConfig } from 'vitest/config';

/**
 * Two projects:
 * - `unit`: pure tests next to the code (`src/**\/*.test.ts`), fast, no servers.
 * - `integration`: tests that need a real Temporal dev server (`test/integration/**`,
 *   `workflows/*\/workflow.test.ts`); its global setup provisions and starts the server.
 */
export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: 'unit',
          include: ['packages/**/src/**/*.test.ts', 'tools/**/*.test.ts', 'packages/**/test/replay/**/*.test.ts'],
          exclude: ['**/node_modules/**'],
          testTimeout: 30_000,
        },
      },
      {
        test: {
          name: 'integration',
          include: ['packages/**/test/integration/**/*.test.ts', 'workflows/*/*.test.ts', 'packages/**/test/acceptance/**/*.acceptance.test.ts'],
          exclude: ['**/node_modules/**'],
          globalSetup: ['packages/testing/src/global-setup.ts'],
          testTimeout: 120_000,
          hookTimeout: 300_000,
          fileParallelism: false,
        },
      },
    ],
  },
});
