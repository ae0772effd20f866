/**
 * deploy-service: canary a new version, check its health, ask a human before promoting to
 * 100%, promote, verify. Any failure after the canary started rolls it back (compensation).
 */
import http from '@flowops/plugin-http';
import slack from '@flowops/plugin-slack';
import { approval, cast, defineWorkflow, env, eq, secret, sleep, step, tpl } from '@flowops/sdk';
import { z } from 'zod';

export const Input = z.object({
  /** Service to deploy (kebab-case, as registered in the deploy API). */
  service: z.string().regex(/^[a-z][a-z0-9-]*$/, 'service must be kebab-case'),
  /** Version (image tag) to roll out. */
  version: z.string().regex(/^\d+\.\d+\.\d+(?:-[0-9A-Za-z.-]+)?$/, 'version must be semver'),
  environment: z.enum(['staging', 'production']).default('production'),
  /** Share of traffic the canary gets before promotion. */
  canaryPercent: z.number().int().min(1).max(50).default(10),
});

const api = env('DEPLOY_API');
const auth = { authorization: tpl`Bearer ${secret('DEPLOY_TOKEN')}` };

export default defineWorkflow({
  name: 'deploy-service',
  owner: '@acme/platform-sre',
  description: 'Canary deploy with health check, approval before promotion and automatic rollback',
  input: Input,
  defaults: { retry: { maxAttempts: 3, backoff: 'exponential', initialInterval: '2s' }, timeout: '2m' },
  steps: ({ input }) => {
    const rollback = http.request({
      method: 'POST',
      url: tpl`${api}/services/${input.service}/rollback`,
      headers: auth,
      body: { environment: input.environment, reason: 'flowops compensation: deploy-service failed' },
    });

    const canary = step(
      'deploy-canary',
      http.request({
        method: 'POST',
        url: tpl`${api}/services/${input.service}/deployments`,
        headers: auth,
        body: { version: input.version, environment: input.environment, strategy: 'canary', percent: input.canaryPercent },
        expectStatus: [200, 201, 202],
      }),
      { retry: { maxAttempts: 3, initialInterval: '5s' }, timeout: '5m', compensate: rollback },
    );
    const deployment = cast<{ id: string }>(canary.output.body);

    const bake = sleep('bake-canary', '5m');

    const health = step(
      'check-canary-health',
      http.get({ url: tpl`${api}/deployments/${deployment.id}/health`, headers: auth, expectStatus: 200, timeoutMs: 10_000 }),
      { retry: { maxAttempts: 6, backoff: 'exponential', initialInterval: '10s', maxInterval: '2m' }, timeout: '15m' },
    );

    const gate = approval('approve-promotion', {
      message: tpl`Canary of ${input.service}@${input.version} is healthy at ${input.canaryPercent}%. Promote to 100%?`,
      approvers: ['@acme/platform-sre', '@acme/release-managers'],
      timeout: '2h',
      onTimeout: 'reject',
      if: eq(input.environment, 'production'),
    });

    const promote = step(
      'promote',
      http.request({
        method: 'POST',
        url: tpl`${api}/deployments/${deployment.id}/promote`,
        headers: auth,
        body: { percent: 100 },
        expectStatus: [200, 202],
      }),
      { retry: { maxAttempts: 3, initialInterval: '5s' }, timeout: '10m', compensate: rollback },
    );

    const verify = step('verify-promotion', http.get({ url: tpl`${api}/deployments/${deployment.id}/health`, headers: auth, expectStatus: 200 }), {
      retry: { maxAttempts: 5, initialInterval: '15s' },
      timeout: '10m',
    });

    const notify = step(
      'notify-release',
      slack.postMessage({
        webhookUrl: secret('SLACK_DEPLOYS_WEBHOOK_URL'),
        text: tpl`:rocket: ${input.service}@${input.version} is live in ${input.environment} (deployment ${deployment.id})`,
      }),
      { retry: { maxAttempts: 3 }, timeout: '30s', onError: 'continue' },
    );

    return {
      steps: [canary, bake, health, gate, promote, verify, notify],
      output: { deploymentId: deployment.id, healthStatus: verify.output.status },
    };
  },
});
