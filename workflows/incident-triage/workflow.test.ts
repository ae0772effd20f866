/** incident-triage on the real interpreter: real JSONata classification, mocked side effects. */
import { readFileSync } from 'node:fs';
import transformWorker from '@flowops/plugin-transform/worker';
import { describe, expect, test } from 'vitest';
import { realAction, runWorkflowTest } from '@flowops/testing/harness';
import incidentTriage from './workflow';

const fixture = (name: string) => JSON.parse(readFileSync(new URL(`./fixtures/${name}.json`, import.meta.url), 'utf8'));
const env = { PAGER_API: 'https://pager.example.test' };
const secrets = { PAGER_TOKEN: 'pager-tok-123456', GITHUB_TOKEN: 'ghp_test_abcdef123456', SLACK_INCIDENTS_WEBHOOK_URL: 'https://hooks.slack.test/T1/B1/zz' };

function mocks() {
  const pages: unknown[] = [];
  const issues: { title: string; labels: string[] }[] = [];
  return {
    pages,
    issues,
    mocks: {
      'transform.jsonata@1': realAction(transformWorker, 'jsonata'),
      'http.request@1': (input: { body: unknown }) => {
        pages.push(input.body);
        return { status: 201, headers: {}, body: { paged: true } };
      },
      'log.write@1': () => ({}),
      'github.createIssue@1': (input: { title: string; labels: string[] }) => {
        issues.push({ title: input.title, labels: input.labels });
        return { number: 77, url: 'https://github.test/acme/incidents/issues/77' };
      },
      'slack.postMessage@1': () => ({ ok: true }),
    },
  };
}

describe('incident-triage', () => {
  test('a sev1 alert pages on-call and opens a labelled issue', async () => {
    const m = mocks();
    const result = await runWorkflowTest({ definition: incidentTriage, version: '1.0.0', input: fixture('sev1-outage'), mocks: m.mocks, env, secrets });
    expect(result.status).toBe('succeeded');
    expect(result.output).toEqual({ severity: 'sev1', issueUrl: 'https://github.test/acme/incidents/issues/77', issueNumber: 77 });
    expect(m.pages).toEqual([{ incidentId: 'INC-2041', service: 'checkout-api', severity: 'sev1', summary: '5xx spike after 2.14.0 rollout' }]);
    expect(result.step('log-low-severity')?.status).toBe('skipped');
    expect(m.issues[0]).toEqual({ title: '[sev1] INC-2041: 5xx spike after 2.14.0 rollout', labels: ['incident', 'sev1'] });
  });

  test('a sev3 alert only logs; a failing Slack post does not fail the run', async () => {
    const m = mocks();
    const result = await runWorkflowTest({
      definition: incidentTriage,
      version: '1.0.0',
      input: fixture('sev3-latency'),
      mocks: {
        ...m.mocks,
        'slack.postMessage@1': () => {
          throw new Error('slack down');
        },
      },
      env,
      secrets,
    });
    expect(result.status).toBe('succeeded');
    expect((result.output as { severity: string }).severity).toBe('sev3');
    expect(m.pages).toEqual([]);
    expect(result.step('page-oncall')?.status).toBe('skipped');
    expect(result.step('notify-incident-channel')).toMatchObject({ status: 'failed', error: { code: 'FLOW_PLUGIN_ERROR' } });
  });

  test('invalid input is refused before the run starts', async () => {
    await expect(
      runWorkflowTest({ definition: incidentTriage, version: '1.0.0', input: { incidentId: 'nope' }, mocks: mocks().mocks, env, secrets }),
    ).rejects.toMatchObject({ code: 'FLOW_INVALID_INPUT' });
  });
});
