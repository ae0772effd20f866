/**
 * One `DryRunSummary` per workflow from its fixtures' dry-runs: the first failure wins (with its
 * fixture, step, code and trace), durations are summed, and several fixtures get a count. A
 * workflow that did not compile is `not-run`. Pure and deterministic (runs inside workflows).
 * @module
 */
import type { DryRunSummary, FixtureOutcome } from './types';

/** The fixture name of the outcome that stands for "the workflow did not compile". */
export const NOT_COMPILED = '—';

export function summarizeFixtures(runs: FixtureOutcome[]): DryRunSummary | undefined {
  if (runs.length === 0) return undefined;
  const notCompiled = runs.find((r) => r.status === 'not-run' && r.fixture === NOT_COMPILED);
  if (notCompiled) return { status: 'not-run', reason: `${notCompiled.error ?? 'does not compile'} [${notCompiled.code}]`.slice(0, 300), steps: [] };
  const bad = runs.find((r) => r.status !== 'succeeded');
  const shown = bad ?? runs[0]!;
  const passed = runs.filter((r) => r.status === 'succeeded').length;
  return {
    status: bad ? 'failed' : 'succeeded',
    ...(shown.workflowId ? { workflowId: shown.workflowId } : {}),
    ...(shown.url ? { url: shown.url } : {}),
    durationMs: runs.reduce((sum, r) => sum + (r.durationMs ?? 0), 0),
    ...(runs.length > 1 ? { reason: `${passed}/${runs.length} fixtures passed` } : {}),
    ...(bad?.failedStep ? { failedStep: bad.failedStep } : {}),
    ...(bad ? { error: `fixture ${bad.fixture}: ${bad.error ?? 'failed'} [${bad.code ?? 'FLOW_STEP_FAILED'}]` } : {}),
    steps: shown.steps,
  };
}
