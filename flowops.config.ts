import { defineConfig, fromEnv } from '@flowops/sdk';

/**
 * Where flowops runs workflows. `local` is the embedded Temporal dev server (`npx flowops dev`);
 * staging and production point at real clusters through environment variables, so the same
 * file works on laptops, in CI and on Temporal Cloud without code changes.
 */
export default defineConfig({
  environments: {
    local: {},
    staging: {
      address: fromEnv('FLOWOPS_STAGING_ADDRESS'),
      namespace: 'staging',
      taskQueue: 'flowops',
      apiKey: fromEnv('FLOWOPS_STAGING_API_KEY'),
      codecKeys: fromEnv('FLOWOPS_STAGING_CODEC_KEYS'),
    },
    production: {
      address: fromEnv('FLOWOPS_PRODUCTION_ADDRESS'),
      namespace: 'production',
      taskQueue: 'flowops',
      apiKey: fromEnv('FLOWOPS_PRODUCTION_API_KEY'),
      codecKeys: fromEnv('FLOWOPS_PRODUCTION_CODEC_KEYS'),
      runners: ['@acme/platform-oncall'],
    },
  },
});
