/** customer-onboarding on the real interpreter: tenant, accounts in parallel, welcome. */
import { readFileSync } from 'node:fs';
import transformWorker from '@flowops/plugin-transform/worker';
import { describe, expect, test } from 'vitest';
import { realAction, runWorkflowTest } from '@flowops/testing/harness';
import customerOnboarding from './workflow';

const fixture = (name: string) => JSON.parse(readFileSync(new URL(`./fixtures/${name}.json`, import.meta.url), 'utf8'));
const env = { CRM_API: 'https://crm.example.test', MAIL_API: 'https://mail.example.test' };
const secrets = { CRM_TOKEN: 'crm-token-123456', MAIL_TOKEN: 'mail-token-123456', SLACK_ONBOARDING_WEBHOOK_URL: 'https://hooks.slack.test/T3/B3/xx' };

function crm(opts: { failAccount?: string } = {}) {
  const calls: { method: string; url: string }[] = [];
  const slack: string[] = [];
  return {
    calls,
    slack,
    mocks: {
      'transform.jsonata@1': realAction(transformWorker, 'jsonata'),
      'http.request@1': (input: { method: string; url: string }) => {
        calls.push({ method: input.method, url: input.url });
        if (input.url.endsWith('/tenants')) return { status: 201, headers: {}, body: { tenantId: 'ten_001' } };
        if (opts.failAccount && input.url.endsWith(opts.failAccount)) throw new Error('CRM rejected the account');
        return { status: input.method === 'PUT' ? 201 : 202, headers: {}, body: {} };
      },
      'log.write@1': () => ({}),
      'slack.postMessage@1': (input: { text: string }) => {
        slack.push(input.text);
        return { ok: true };
      },
    },
  };
}

describe('customer-onboarding', () => {
  test('enterprise: creates the tenant, every account, then welcomes', async () => {
    const c = crm();
    const result = await runWorkflowTest({ definition: customerOnboarding, version: '1.0.0', input: fixture('enterprise'), mocks: c.mocks, env, secrets });
    expect(result.status).toBe('succeeded');
    expect(result.output).toEqual({ tenantId: 'ten_001', seats: 535 });
    const puts = c.calls
      .filter((x) => x.method === 'PUT')
      .map((x) => x.url)
      .sort();
    expect(puts).toEqual(['acct_gx0001', 'acct_gx0002', 'acct_gx0003'].map((a) => `https://crm.example.test/tenants/ten_001/accounts/${a}`));
    expect(c.calls.at(-1)?.url).toBe('https://mail.example.test/messages');
    expect(c.slack[0]).toContain('3 accounts, 535 seats');
  });

  test('a failing account fails the run before the welcome email', async () => {
    const c = crm({ failAccount: 'acct_in0001' });
    const result = await runWorkflowTest({ definition: customerOnboarding, version: '1.0.0', input: fixture('starter'), mocks: c.mocks, env, secrets });
    expect(result.status).toBe('failed');
    expect(result.code).toBe('FLOW_STEP_FAILED');
    expect(result.failedStep).toBe('provision-accounts[0].create-account');
    expect(c.calls.some((x) => x.url.includes('/messages'))).toBe(false);
  });
});
