/**
 * Compensation: when a run fails, run the `compensate` action of every completed step, in
 * reverse order of completion. A failing compensation is recorded on its step and does not
 * stop the others nor replace the run's original error. Sandbox-safe.
 * @module
 */
import type { Retry } from '@flowops/core';
import { mustPropagate, toStepFailure } from './failures';
import { callAction } from './leaf-steps';
import type { RunState } from './run-state';

export async function compensate(run: RunState): Promise<void> {
  const pending = [...run.compensations].reverse();
  run.compensations.length = 0;
  for (const c of pending) {
    const r = run.records.get(c.key);
    if (c.error) {
      if (r) r.compensation = { status: 'failed', error: c.error };
      continue;
    }
    try {
      const response = await callAction(
        run,
        { uses: c.uses, retry: c.retry as Retry | undefined, timeout: c.timeout },
        {
          stepId: `${c.key}:compensate`,
          with: (c.with ?? {}) as Record<string, unknown>,
          secretSlots: c.secretSlots,
          secrets: c.secrets,
          dryRun: run.args.dryRun,
        },
      );
      if (r) {
        r.compensation = { status: response.simulated ? 'simulated' : 'succeeded' };
        r.status = 'compensated';
      }
    } catch (err) {
      if (mustPropagate(err)) throw err;
      if (r) r.compensation = { status: 'failed', error: toStepFailure(`${c.key}:compensate`, err).toStepError() };
    }
  }
}
