/** deploy-service on the real interpreter with mocked plugin actions. */
import { readFileSync } from 'node:fs';
import { describe, expect, test } from 'vitest';
import { runWorkflowTest } from '@flowops/testing/harness';
import deployService from './workflow';

const fixture = (name: string) => JSON.parse(readFileSync(new URL(`./fixtures/${name}.json`, import.meta.url), 'utf8'));
const env = { DEPLOY_API: 'https://deploy.example.test' };
const secrets = { DEPLOY_TOKEN: 'tok-deploy-1234567', SLACK_DEPLOYS_WEBHOOK_URL: 'https://hooks.slack.test/T000/B000/xyz' };

function api(opts: { canaryFails?: boolean } = {}) {
  const requests: { method: string; url: string }[] = [];
  return {
    requests,
    mocks: {
      'http.request@1': (input: { method: string; url: string }) => {
        requests.push({ method: input.method, url: input.url });
        if (input.url.endsWith('/deployments') && opts.canaryFails) throw new Error('deploy API 500');
        if (input.url.endsWith('/deployments')) return { status: 201, headers: {}, body: { id: 'dep-42' } };
        return { status: 202, headers: {}, body: { ok: true } };
      },
      'http.get@1': (input: { url: string }) => ({ status: 200, headers: {}, body: { healthy: true, url: input.url } }),
      'slack.postMessage@1': () => ({ ok: true }),
    },
  };
}

describe('deploy-service', () => {
  test('production: canary, health, approval, promote, verify', async () => {
    const a = api();
    const result = await runWorkflowTest({
      definition: deployService,
      version: '1.0.0',
      input: fixture('production'),
      mocks: a.mocks,
      env,
      secrets,
      approvals: { 'approve-promotion': { decision: 'approve', by: 'sre-alice' } },
    });
    expect(result.status).toBe('succeeded');
    expect(result.output).toEqual({ deploymentId: 'dep-42', healthStatus: 200 });
    expect(result.step('approve-promotion')?.output).toMatchObject({ approved: true, approver: 'sre-alice' });
    expect(a.requests.map((r) => r.url)).toEqual([
      'https://deploy.example.test/services/checkout-api/deployments',
      'https://deploy.example.test/deployments/dep-42/promote',
    ]);
    // The bearer token was resolved inside the activity and is redacted from history.
    expect(JSON.stringify(result.history)).not.toContain(secrets.DEPLOY_TOKEN);
  });

  test('staging skips the approval (defaults applied to the input)', async () => {
    const result = await runWorkflowTest({ definition: deployService, version: '1.0.0', input: fixture('staging-defaults'), mocks: api().mocks, env, secrets });
    expect(result.status).toBe('succeeded');
    expect(result.step('approve-promotion')?.status).toBe('skipped');
  });

  test('a rejected promotion fails the run and rolls the canary back', async () => {
    const a = api();
    const result = await runWorkflowTest({
      definition: deployService,
      version: '1.0.0',
      input: fixture('production'),
      mocks: a.mocks,
      env,
      secrets,
      approvals: { 'approve-promotion': { decision: 'reject', by: 'sre-bob', reason: 'error budget' } },
    });
    expect(result.status).toBe('failed');
    expect(result.code).toBe('FLOW_APPROVAL_REJECTED');
    expect(result.step('deploy-canary')?.status).toBe('compensated');
    expect(a.requests.at(-1)?.url).toBe('https://deploy.example.test/services/checkout-api/rollback');
    expect(result.step('promote')?.status).toBe('skipped');
  });

  test('dry-run: nothing is written, the health read of the simulated canary is simulated too', async () => {
    const a = api();
    const result = await runWorkflowTest({
      definition: deployService,
      version: '1.0.0',
      input: fixture('production'),
      mocks: a.mocks,
      env,
      secrets,
      dryRun: true,
    });
    expect(result.status).toBe('succeeded');
    expect(a.requests).toEqual([]);
    expect(result.steps.filter((s) => s.kind === 'action' || s.kind === 'approval').every((s) => s.simulated)).toBe(true);
  });
});
