import { describe, expect, test } from 'vitest';
import { runMain } from '../../test/run-main';
import { replayRows, renderReplay } from './replay';

describe('workers / replay usage errors (no server needed)', () => {
  test.each([
    [['workers', 'promote'], /which version\?/],
    [['workers', 'demote', 'x'], /unknown subcommand "demote"/],
    [['workers', '--ramp', '10'], /--ramp goes with `promote`/],
    [['workers', 'promote', 'b1', '--ramp', '150'], /--ramp "150" is not a percentage/],
    [['workers', '--format', 'yaml'], /unknown --format "yaml"/],
    [['replay', '--since', 'soon'], /--since "soon" is not a duration/],
    [['replay', '--limit', '0'], /--limit "0" is not a positive integer/],
  ])('%j', async (argv, message) => {
    const r = await runMain(argv);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(message);
    expect(r.err).toContain('[FLOW_USAGE]');
  });
});

describe('replay table', () => {
  test('groups outcomes per workflow with the first failure', () => {
    const rows = replayRows([
      { name: 'deploy', workflowId: 'w1', runId: 'r1', ok: true },
      { name: 'deploy', workflowId: 'w2', runId: 'r2', ok: false, failure: 'nondeterminism', message: 'Nondeterminism error: x' },
      { name: 'backfill', workflowId: 'w3', runId: 'r3', ok: true },
    ]);
    expect(rows).toEqual([
      { workflow: 'deploy', replayed: 2, failures: 1, firstFailure: { workflowId: 'w2', runId: 'r2', message: 'Nondeterminism error: x' } },
      { workflow: 'backfill', replayed: 1, failures: 0, firstFailure: undefined },
    ]);
    const text = renderReplay(rows, 'staging');
    expect(text).toMatch(/deploy\s+2\s+1\s+w2: Nondeterminism error: x/);
    expect(text).toContain('1 of 3 run(s) do not replay');
    expect(renderReplay([], 'staging')).toBe('no interpreter runs to replay on staging\n');
  });
});
