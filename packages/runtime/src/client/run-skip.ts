/**
 * `skipStep`: an operator skips a failed `allowSkip` step that waits for one (the interpreter's
 * `skip` update). The run goes on with the step's `fallbackOutput`; the decision (who, why) is
 * recorded on the step (`reason`) in the run's history and trace.
 * @module
 */
import { FlowError } from '@flowops/core';
import type { Client } from '@temporalio/client';
import { ApplicationFailure } from '@temporalio/common';
import { type SkipAck, type SkipDecision, skipUpdate } from '../workflows/types';

/**
 * Skip a waiting step. A step that is not waiting is FLOW_STEP_NOT_WAITING (the list of waiting
 * steps in the message); a missing reason or `by` is FLOW_USAGE.
 * @example
 * await skipStep(client, 'flowops-backfill-1a2b3c4d-9f8e', { stepId: 'load', by: 'alice', reason: 'partner API down; loaded by hand' });
 */
export async function skipStep(client: Client, workflowId: string, decision: SkipDecision): Promise<SkipAck> {
  try {
    return await client.workflow.getHandle(workflowId).executeUpdate(skipUpdate, { args: [decision] });
  } catch (err) {
    const cause = (err as { cause?: unknown }).cause;
    if (cause instanceof ApplicationFailure && cause.type === 'FLOW_STEP_NOT_WAITING') {
      throw new FlowError({
        code: 'FLOW_STEP_NOT_WAITING',
        message: cause.message,
        hint: 'only a failed step with allowSkip: true can be skipped, while it waits; see `flowops status <run-id>` for the steps waiting for a skip',
      });
    }
    if (cause instanceof ApplicationFailure && cause.type === 'FLOW_USAGE') {
      throw new FlowError({ code: 'FLOW_USAGE', message: cause.message, hint: 'pass the step id and --reason "why skipping is safe"' });
    }
    throw err;
  }
}
