import { describe, expect, test } from 'vitest';
import { renderReportComment } from '../render/index';
import { ReportInput } from '../report/types';
import { planEnvironments } from './report-build';
import { pendingJobs } from './report-complete';

const ir = { name: 'hello', version: '1.1.0', steps: [] };
const input = (extra: Record<string, unknown>) => ReportInput.parse({ repo: { owner: 'acme', repo: 'flows' }, pr: 3, headSha: 'a'.repeat(40), ...extra });

describe('pendingJobs: what the report workflow still has to dry-run', () => {
  test('one job per fixture; {} when a workflow has none; a broken fixture keeps its issue', () => {
    const jobs = pendingJobs(
      input({
        workflows: [
          {
            name: 'hello',
            change: 'changed',
            ir,
            fixtures: [
              { name: 'a', input: { who: 'a' } },
              { name: 'b', issue: { code: 'FLOW_INVALID_INPUT', message: 'not JSON' } },
            ],
          },
          { name: 'bare', change: 'added', ir: { ...ir, name: 'bare' } },
        ],
      }),
    );
    expect(jobs.map((j) => [j.workflow.name, j.fixture, j.input, j.issue?.code])).toEqual([
      ['hello', 'a', { who: 'a' }, undefined],
      ['hello', 'b', {}, 'FLOW_INVALID_INPUT'],
      ['bare', '(no fixture)', {}, undefined],
    ]);
  });
  test('nothing for forks, removed workflows, workflows without an IR or with a result already', () => {
    const workflows = [
      { name: 'gone', change: 'removed', baseIr: ir },
      { name: 'noir', change: 'added' },
      { name: 'done', change: 'changed', ir, dryRun: { status: 'succeeded' } },
    ];
    expect(pendingJobs(input({ workflows }))).toEqual([]);
    expect(pendingJobs(input({ fork: true, workflows: [{ name: 'hello', change: 'changed', ir }] }))).toEqual([]);
  });
});

describe('report pieces', () => {
  test('plans: the report environment first, then every other cluster, never local', () => {
    expect(planEnvironments(['local', 'production', 'staging'], 'staging')).toEqual(['staging', 'production']);
    expect(planEnvironments(['local'], 'staging')).toEqual(['staging']);
  });
  test('the comment says when drift could not be read, and never claims "no drift" then', () => {
    const body = renderReportComment(input({ driftError: 'production: connection refused' }));
    expect(body).toMatch(/### Drift\n\n⚠️ Drift could not be read in full: production: connection refused/);
    expect(body).not.toContain('No drift between');
    expect(renderReportComment(input({}))).toContain('No drift between the default branch and the clusters.');
  });
});
