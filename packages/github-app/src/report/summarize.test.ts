import { describe, expect, test } from 'vitest';
import { NOT_COMPILED, summarizeFixtures } from './summarize';
import { type FixtureOutcome, ReportInput } from './types';

const run = (fixture: string, status: FixtureOutcome['status'], extra: Partial<FixtureOutcome> = {}): FixtureOutcome => ({
  workflow: 'deploy',
  version: '1.2.0',
  fixture,
  status,
  steps: [{ step: 'say', status: status === 'succeeded' ? 'succeeded' : 'failed', simulated: false, durationMs: 5 }],
  durationMs: 10,
  ...extra,
});

describe('summarizeFixtures (one DryRunSummary per workflow)', () => {
  test('all fixtures passed: succeeded, durations summed, a count when several', () => {
    const s = summarizeFixtures([run('a', 'succeeded', { workflowId: 'wf-a' }), run('b', 'succeeded', { workflowId: 'wf-b' })]);
    expect(s).toMatchObject({ status: 'succeeded', workflowId: 'wf-a', durationMs: 20, reason: '2/2 fixtures passed' });
    expect(s?.error).toBeUndefined();
  });
  test('the first failure wins, with its fixture, step, code and trace', () => {
    const s = summarizeFixtures([
      run('a', 'succeeded'),
      run('b', 'failed', { workflowId: 'wf-b', failedStep: 'say', code: 'FLOW_PLUGIN_ERROR', error: 'boom' }),
    ]);
    expect(s).toMatchObject({
      status: 'failed',
      workflowId: 'wf-b',
      failedStep: 'say',
      error: 'fixture b: boom [FLOW_PLUGIN_ERROR]',
      reason: '1/2 fixtures passed',
    });
    expect(s?.steps).toEqual([{ step: 'say', status: 'failed', simulated: false, durationMs: 5 }]);
  });
  test('a refused fixture fails the workflow; a compile error means not run; no runs means no summary', () => {
    expect(summarizeFixtures([run('x', 'not-run', { code: 'FLOW_INVALID_INPUT', error: 'fixture x.json is not valid JSON', steps: [] })])).toMatchObject({
      status: 'failed',
      error: expect.stringContaining('[FLOW_INVALID_INPUT]'),
    });
    expect(summarizeFixtures([run(NOT_COMPILED, 'not-run', { code: 'FLOW_CYCLE', error: 'does not compile: cycle', steps: [] })])).toMatchObject({
      status: 'not-run',
      reason: 'does not compile: cycle [FLOW_CYCLE]',
    });
    expect(summarizeFixtures([])).toBeUndefined();
  });
  test('what it builds passes the report schema', () => {
    const dryRun = summarizeFixtures([run('a', 'succeeded')]);
    const parsed = ReportInput.safeParse({
      repo: { owner: 'acme', repo: 'flows' },
      pr: 1,
      headSha: 'a'.repeat(40),
      workflows: [{ name: 'deploy', change: 'changed', dryRun }],
    });
    expect(parsed.success).toBe(true);
  });
});
