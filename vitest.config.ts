import { defineConfig } from 'vitest/config';

/**
 * Tests run the packages from source: `@flowops/*` exports resolve through the custom
 * `@flowops/source` condition to `src/*.ts` (Vite's default server conditions after it), the
 * same condition tsconfig's `customConditions` uses. Node itself (the `flowops` binary, child
 * processes) resolves them to the built `dist/`, which `tools/build/vitest-build.ts` refreshes.
 */
const sourceResolve = { conditions: ['@flowops/source', 'module', 'node', 'development|production'] };

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
        resolve: sourceResolve,
        ssr: { resolve: sourceResolve },
        test: {
          name: 'unit',
          globalSetup: ['tools/build/vitest-build-setup.ts'],
          include: ['packages/**/src/**/*.test.ts', 'tools/**/*.test.ts', 'packages/**/test/replay/**/*.test.ts'],
          exclude: ['**/node_modules/**'],
          testTimeout: 30_000,
        },
      },
      {
        resolve: sourceResolve,
        ssr: { resolve: sourceResolve },
        test: {
          name: 'integration',
          include: ['packages/**/test/integration/**/*.test.ts', 'workflows/*/*.test.ts', 'packages/**/test/acceptance/**/*.acceptance.test.ts'],
          exclude: ['**/node_modules/**'],
          globalSetup: ['tools/build/vitest-build-setup.ts', 'packages/testing/src/global-setup.ts'],
          testTimeout: 120_000,
          hookTimeout: 300_000,
          fileParallelism: false,
        },
      },
    ],
  },
});
