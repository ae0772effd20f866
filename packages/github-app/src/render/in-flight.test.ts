import { describe, expect, test } from 'vitest';
import { ReportInput } from '../report/types';
import { renderCheckRun } from './check-run';
import { renderInFlight } from './in-flight';
import { renderReportComment } from './report-comment';

const inFlight = {
  total: 2,
  oldestStart: '2026-01-01T00:00:00.000Z',
  groups: [
    { definitionVersion: '1.0.0', workerBuild: '0.1.0-abcdef123456', count: 1, oldestStart: '2026-01-01T00:00:00.000Z' },
    { definitionVersion: '1.1.0', workerBuild: 'unversioned', count: 1, oldestStart: '2026-01-02T00:00:00.000Z' },
  ],
};
const input = ReportInput.parse({
  repo: { owner: 'acme', repo: 'flows' },
  pr: 3,
  headSha: 'abcdef1234567',
  environment: 'staging',
  plans: [{ env: 'production', rows: [{ workflow: 'deploy-service', status: 'changed', from: '1.1.0', to: '1.2.0', inFlight }] }],
});

describe('runs in flight in the PR report', () => {
  test('the sticky comment and the check run list each group with its environment', () => {
    for (const text of [renderReportComment(input), renderCheckRun(input).summary]) {
      expect(text).toContain('### Runs in flight');
      expect(text).toContain('| production | deploy-service | 1.0.0 | 0.1.0-abcdef123456 | 1 | 2026-01-01T00:00:00.000Z |');
      expect(text).toContain('| production | deploy-service | 1.1.0 | unversioned | 1 | 2026-01-02T00:00:00.000Z |');
      expect(text).toContain('stay pinned to their worker version');
    }
  });

  test('nothing in flight: no section', () => {
    expect(renderInFlight([{ env: 'staging', rows: [{ workflow: 'x', status: 'changed' }] }])).toBe('');
  });
});
