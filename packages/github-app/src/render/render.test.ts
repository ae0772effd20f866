import type { Workflow } from '@flowops/core';
import { testIr } from '@flowops/testing';
import { describe, expect, it } from 'vitest';
import { ReportInput } from '../report/types';
import {
  ANNOTATIONS_PER_REQUEST,
  CHECK_SUMMARY_LIMIT,
  COMMENT_LIMIT,
  REPORT_MARKER,
  annotationBatches,
  checkConclusion,
  isBalanced,
  renderCheckRun,
  renderHelp,
  renderReportComment,
  renderRunReply,
  workflowMermaid,
} from './index';
import { renderReplay } from './replay';

const ir = (steps: Workflow['steps']): Workflow => testIr({ name: 'deploy-service', version: '1.1.0', owner: '@acme/ops', input: {}, steps });
const head = ir([
  { id: 'fetch', type: 'action', uses: 'http.request@1', with: {}, effect: 'read' },
  {
    id: 'fan',
    type: 'parallel',
    steps: [
      { id: 'a', type: 'sleep', duration: '1s' },
      { id: 'b', type: 'action', uses: 'slack.post@1', with: {}, effect: 'write' },
    ],
  },
  { id: 'notify', type: 'action', uses: 'log.info@1', with: {}, effect: 'read' },
]);
const base = ir([
  { id: 'fetch', type: 'action', uses: 'http.request@1', with: {}, effect: 'read' },
  { id: 'old-step', type: 'sleep', duration: '5s' },
  { id: 'notify', type: 'action', uses: 'log.info@1', with: {}, effect: 'read' },
]);

const input = ReportInput.parse({
  repo: { owner: 'acme', repo: 'flows', installationId: 7 },
  pr: 12,
  headSha: 'c0ffee1234567890',
  diagnostics: [
    {
      code: 'FLOW_NO_RETRY',
      severity: 'warning',
      message: 'step "fetch" has no retry',
      hint: 'add retry',
      file: 'workflows/deploy-service/workflow.ts',
      line: 8,
      column: 5,
    },
  ],
  plans: [{ env: 'staging', rows: [{ workflow: 'deploy-service', status: 'changed', from: '1.0.0', to: '1.1.0', detail: '+fan, ~fetch, -old-step' }] }],
  workflows: [
    {
      name: 'deploy-service',
      version: '1.1.0',
      change: 'changed',
      ir: head,
      baseIr: base,
      steps: { added: ['fan', 'a', 'b'], changed: ['fetch'], removed: ['old-step'] },
      dryRun: {
        status: 'failed',
        url: 'http://localhost:8233/namespaces/staging/workflows/pr-12-deploy-service/run-1/history',
        durationMs: 1520,
        failedStep: 'b',
        error: 'HTTP 500 from https://hooks.slack.com/*** [FLOW_PLUGIN_ERROR]',
        steps: [
          { step: 'fetch', status: 'succeeded', durationMs: 120, output: { status: 200 } },
          { step: 'a', status: 'succeeded', durationMs: 1000 },
          { step: 'b', status: 'failed', simulated: true, durationMs: 300, error: { code: 'FLOW_PLUGIN_ERROR', message: 'HTTP 500 | boom' } },
        ],
      },
    },
  ],
  drift: [{ env: 'production', workflow: 'nightly-report', git: '2.0.0', cluster: '1.9.0', detail: 'active version differs' }],
});

describe('rendering', () => {
  it('sticky comment (snapshot)', () => {
    const md = renderReportComment(input);
    expect(md.startsWith(REPORT_MARKER)).toBe(true);
    expect(isBalanced(md)).toBe(true);
    expect(md).toMatchSnapshot();
  });

  it('fork PRs say that no automatic dry-run ran', () => {
    const md = renderReportComment({
      ...input,
      fork: true,
      workflows: input.workflows.map((w) => ({ ...w, dryRun: { status: 'not-run', reason: 'fork PR', steps: [] } })),
    });
    expect(md).toMatch(/fork[\s\S]*no automatic dry-run/i);
  });

  it('Mermaid graph marks added, changed and removed steps (snapshot)', () => {
    const graph = workflowMermaid(head, { added: ['fan', 'a', 'b'], changed: ['fetch'], removed: ['old-step'] });
    expect(graph).toMatch(/old-step.*\(removed\)/);
    expect(graph).toMatch(/class .*fetch.* changed/);
    expect(graph).toMatch(/class .*\bb\b.* added|class .*_b\b.* added/);
    expect(graph).toMatchSnapshot();
  });

  it('check run (snapshot) and annotations in batches of 50', () => {
    expect(renderCheckRun(input)).toMatchSnapshot();
    const many = Array.from({ length: 123 }, (_, i) => ({ code: 'FLOW_NO_RETRY', severity: 'warning' as const, message: `m${i}`, file: 'f.ts', line: i + 1 }));
    const batches = annotationBatches([...many, { code: 'FLOW_CYCLE', severity: 'error', message: 'no file' }]);
    expect(batches.map((b) => b.length)).toEqual([50, 50, 23]);
    expect(Math.max(...batches.map((b) => b.length))).toBeLessThanOrEqual(ANNOTATIONS_PER_REQUEST);
  });

  it('huge reports stay within the limits and valid', () => {
    const steps = Array.from({ length: 3000 }, (_, i) => ({ step: `step-${i}`, status: 'succeeded', durationMs: i, output: { blob: 'x'.repeat(200) } }));
    const big = ReportInput.parse({ ...input, workflows: [{ ...input.workflows[0]!, dryRun: { status: 'succeeded', steps } }] });
    const md = renderReportComment(big);
    expect(md.length).toBeLessThanOrEqual(COMMENT_LIMIT);
    expect(isBalanced(md)).toBe(true);
    const manyDiags = Array.from({ length: 5000 }, (_, i) => ({
      code: 'FLOW_NO_RETRY',
      severity: 'warning' as const,
      message: `message ${i} ${'y'.repeat(40)}`,
    }));
    expect(renderCheckRun({ ...input, diagnostics: manyDiags }).summary.length).toBeLessThanOrEqual(CHECK_SUMMARY_LIMIT);
  });

  it('replay verdict: a short section in the comment and the check run (snapshots); a failing one fails the check', () => {
    const green = { ...input, workflows: input.workflows.map((w) => ({ ...w, dryRun: { ...w.dryRun!, status: 'succeeded' as const } })) };
    expect(checkConclusion(green)).toBe('success');
    const passing = ReportInput.parse({ ...green, replay: { corpus: { passed: true, failed: 0 }, cluster: { env: 'staging', replayed: 42, failed: 0 } } });
    const failing = ReportInput.parse({
      ...green,
      replay: {
        corpus: { passed: false, failed: 2, firstFailure: 'approval-timed-out.json: Nondeterminism error [TMPRL1100] | timer' },
        cluster: {
          env: 'staging',
          replayed: 50,
          failed: 3,
          firstFailure: { workflow: 'deploy-service', workflowId: 'deploy-7', runId: 'r7', message: 'Nondeterminism error: <timer 1>' },
        },
      },
    });
    expect(checkConclusion(passing)).toBe('success');
    expect(checkConclusion(failing)).toBe('failure');
    expect(checkConclusion(ReportInput.parse({ ...green, replay: { corpus: { passed: false } } }))).toBe('failure');
    expect(checkConclusion(ReportInput.parse({ ...green, replay: { cluster: { env: 'staging', replayed: 5, failed: 1 } } }))).toBe('failure');
    expect(checkConclusion(ReportInput.parse({ ...green, replay: { cluster: { env: 'staging', error: 'staging unreachable' } } }))).toBe('success');
    expect(renderCheckRun(failing).title).toMatch(/replay failed/);
    for (const md of [renderReportComment(passing), renderCheckRun(passing).summary, renderReportComment(failing), renderCheckRun(failing).summary]) {
      expect(md).toContain('### Replay');
      expect(isBalanced(md)).toBe(true);
    }
    expect(renderReportComment(input)).not.toContain('### Replay');
    expect(renderReplay(passing.replay)).toMatchSnapshot();
    expect(renderReplay(failing.replay)).toMatchSnapshot();
    expect(renderReplay(ReportInput.parse({ ...green, replay: { cluster: { env: 'staging', error: 'staging unreachable' } } }).replay)).toMatchSnapshot();
  });

  it('run reply and help (snapshots)', () => {
    expect(
      renderRunReply('maya', {
        kind: 'run',
        workflow: 'deploy-service',
        env: 'staging',
        status: 'failed',
        durationMs: 2300,
        url: 'http://localhost:8233/namespaces/staging/workflows/gh-run-1/r/history',
        workflowId: 'gh-run-1',
        failedStep: 'notify',
        error: 'token=*** rejected [FLOW_PLUGIN_ERROR]',
        steps: [
          { step: 'fetch', status: 'succeeded', durationMs: 10 },
          { step: 'notify', status: 'failed', durationMs: 20 },
        ],
      }),
    ).toMatchSnapshot();
    expect(
      renderHelp(
        'maya',
        [
          {
            name: 'deploy-service',
            version: '1.1.0',
            description: 'Deploy',
            input: { type: 'object', properties: { service: { type: 'string', description: 'name' }, region: { enum: ['eu', 'us'] } }, required: ['service'] },
          },
        ],
        ['staging', 'production'],
      ),
    ).toMatchSnapshot();
  });
});
