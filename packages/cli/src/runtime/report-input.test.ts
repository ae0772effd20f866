import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { ReportInput } from '@flowops/github-app';
import { describe, expect, test } from 'vitest';
import type { FixtureRun } from './dry-run-changed';
import { readFixtures } from './fixtures';
import { callTargets, workflowNameOf } from './published';
import { parseRepository, summarize } from './report-input';

const run = (fixture: string, status: FixtureRun['status'], extra: Partial<FixtureRun> = {}): FixtureRun => ({
  workflow: 'deploy',
  version: '1.2.0',
  fixture,
  status,
  steps: [{ step: 'say', kind: 'action', status: status === 'succeeded' ? 'succeeded' : 'failed', simulated: false, durationMs: 5 }],
  durationMs: 10,
  ...extra,
});

describe('summarize (one DryRunSummary per workflow)', () => {
  test('all fixtures passed: succeeded, durations summed, a count when several', () => {
    const s = summarize([run('a', 'succeeded', { workflowId: 'wf-a' }), run('b', 'succeeded', { workflowId: 'wf-b' })]);
    expect(s).toMatchObject({ status: 'succeeded', workflowId: 'wf-a', durationMs: 20, reason: '2/2 fixtures passed' });
    expect(s?.error).toBeUndefined();
  });
  test('the first failure wins, with its fixture, step, code and trace', () => {
    const s = summarize([run('a', 'succeeded'), run('b', 'failed', { workflowId: 'wf-b', failedStep: 'say', code: 'FLOW_PLUGIN_ERROR', error: 'boom' })]);
    expect(s).toMatchObject({ status: 'failed', workflowId: 'wf-b', failedStep: 'say', error: 'fixture b: boom [FLOW_PLUGIN_ERROR]', reason: '1/2 fixtures passed' });
    expect(s?.steps).toEqual([{ step: 'say', status: 'failed', simulated: false, durationMs: 5 }]);
  });
  test('a broken fixture fails the workflow; a compile error means not run; no runs means no summary', () => {
    expect(summarize([run('x', 'not-run', { code: 'FLOW_INVALID_INPUT', error: 'fixture x.json is not valid JSON', steps: [] })])).toMatchObject({ status: 'failed', error: expect.stringContaining('[FLOW_INVALID_INPUT]') });
    expect(summarize([run('—', 'not-run', { code: 'FLOW_CYCLE', error: 'does not compile: cycle', steps: [] })])).toMatchObject({ status: 'not-run', reason: 'does not compile: cycle [FLOW_CYCLE]' });
    expect(summarize([])).toBeUndefined();
  });
  test('what it builds passes the App schema', () => {
    const dryRun = summarize([run('a', 'succeeded')]);
    const parsed = ReportInput.safeParse({ repo: parseRepository('acme/flows'), pr: 1, headSha: 'a'.repeat(40), workflows: [{ name: 'deploy', change: 'changed', dryRun }] });
    expect(parsed.success).toBe(true);
  });
});

describe('helpers', () => {
  test('parseRepository wants owner/repo', () => {
    expect(parseRepository('acme/flows')).toEqual({ owner: 'acme', repo: 'flows' });
    expect(() => parseRepository(undefined)).toThrow(/GITHUB_REPOSITORY/);
    expect(() => parseRepository('nope')).toThrow(/FLOW_USAGE/);
  });
  test('workflowNameOf and callTargets', () => {
    expect(workflowNameOf('workflows/deploy/workflow.ts')).toBe('deploy');
    expect(workflowNameOf('workflows/deploy/')).toBe('deploy');
    expect(workflowNameOf('deploy')).toBe('deploy');
    const ir = { steps: [{ id: 'g', type: 'parallel', steps: [{ id: 'c', type: 'call', workflow: 'child', version: '1.0.0', with: { type: 'call', workflow: 'not-a-step' } }] }, { id: 'd', type: 'call', workflow: 'other' }] };
    expect(callTargets(ir as never)).toEqual([{ workflow: 'child', version: '1.0.0' }, { workflow: 'other' }]);
  });
  test('readFixtures: sorted, {} without any, broken ones as FLOW_INVALID_INPUT issues', () => {
    const root = mkdtempSync(path.join(tmpdir(), 'fixtures-'));
    mkdirSync(path.join(root, 'workflows/a/fixtures'), { recursive: true });
    writeFileSync(path.join(root, 'workflows/a/fixtures/b.json'), '{"x":1}');
    writeFileSync(path.join(root, 'workflows/a/fixtures/a.json'), '[1]');
    writeFileSync(path.join(root, 'workflows/a/fixtures/c.json'), '{ nope');
    const list = readFixtures(root, 'workflows/a/workflow.yaml');
    expect(list.map((f) => f.name)).toEqual(['a', 'b', 'c']);
    expect(list[0]).toMatchObject({ issue: { code: 'FLOW_INVALID_INPUT', message: 'fixture workflows/a/fixtures/a.json must hold a JSON object' } });
    expect(list[1]).toMatchObject({ input: { x: 1 } });
    expect(list[2]).toMatchObject({ issue: { code: 'FLOW_INVALID_INPUT' } });
    expect(readFixtures(root, 'workflows/none/workflow.ts')).toEqual([{ name: '(no fixture)', input: {} }]);
  });
});
