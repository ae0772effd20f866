import { defineConfig, fromEnv } from '@flowops/sdk';

/**
 * Where flowops runs workflows. `local` is the embedded Temporal dev server (`npx flowops dev`);
 * staging and production point at real clusters through environment variables, so the same
 * file works on laptops, in CI and on Temporal Cloud without code changes.
 */
export default defineConfig({
  environments: {
    // env('NAME') values per environment: not secrets (they travel in the run's input)
    local: {
      env: {
        DEPLOY_API: fromEnv('DEPLOY_API'),
        CRM_API: fromEnv('CRM_API'),
        MAIL_API: fromEnv('MAIL_API'),
        WAREHOUSE_API: fromEnv('WAREHOUSE_API'),
        PAGER_API: fromEnv('PAGER_API'),
      },
    },
    staging: {
      address: fromEnv('FLOWOPS_STAGING_ADDRESS'),
      namespace: 'staging',
      taskQueue: 'flowops',
      apiKey: fromEnv('FLOWOPS_STAGING_API_KEY'),
      codecKeys: fromEnv('FLOWOPS_STAGING_CODEC_KEYS'),
      env: {
        DEPLOY_API: 'https://deploy.staging.acme.internal',
        CRM_API: 'https://crm.staging.acme.internal',
        MAIL_API: 'https://mail.staging.acme.internal',
        WAREHOUSE_API: 'https://warehouse.staging.acme.internal',
        PAGER_API: 'https://pager.staging.acme.internal',
      },
    },
    production: {
      address: fromEnv('FLOWOPS_PRODUCTION_ADDRESS'),
      namespace: 'production',
      taskQueue: 'flowops',
      apiKey: fromEnv('FLOWOPS_PRODUCTION_API_KEY'),
      codecKeys: fromEnv('FLOWOPS_PRODUCTION_CODEC_KEYS'),
      runners: ['@acme/platform-oncall'],
      env: {
        DEPLOY_API: 'https://deploy.acme.internal',
        CRM_API: 'https://crm.acme.internal',
        MAIL_API: 'https://mail.acme.internal',
        WAREHOUSE_API: 'https://warehouse.acme.internal',
        PAGER_API: 'https://pager.acme.internal',
      },
    },
  },
});
