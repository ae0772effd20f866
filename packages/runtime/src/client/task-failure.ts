/**
 * Telling a stuck workflow from an unreachable cluster. A workflow whose task keeps failing
 * (non-determinism after a code change, or an exception in workflow code) answers no query and
 * accepts no update, which a client otherwise reports as a timeout. The latest workflow task
 * failure in its history says what is wrong: FLOW_NONDETERMINISM with that reason.
 * @module
 */
import type { FlowIssue } from '@flowops/core';
import type { Client } from '@temporalio/client';
import proto from '@temporalio/proto';

/** Why a workflow's latest workflow task failed (and no later one completed). */
export interface TaskFailure {
  /** e.g. `NON_DETERMINISTIC_ERROR`, `WORKFLOW_WORKER_UNHANDLED_FAILURE`. */
  cause: string;
  message: string;
}

const CAUSES = proto.temporal.api.enums.v1.WorkflowTaskFailedCause;

/**
 * The failure of `workflowId`'s latest workflow task when that task failed and none completed
 * since; undefined for a healthy (or unknown) workflow. Reads the newest 100 history events.
 */
export async function failingWorkflowTask(client: Client, workflowId: string): Promise<TaskFailure | undefined> {
  const res = await client.workflowService.getWorkflowExecutionHistoryReverse({
    namespace: client.options.namespace,
    execution: { workflowId },
    maximumPageSize: 100,
  });
  for (const e of res.history?.events ?? []) {
    if (e.workflowTaskCompletedEventAttributes) return undefined;
    const failed = e.workflowTaskFailedEventAttributes;
    if (failed) {
      const name = CAUSES[failed.cause ?? 0] ?? String(failed.cause);
      const message = (failed.failure?.message ?? 'no message').split('\n')[0]!.slice(0, 500);
      return { cause: String(name).replace(/^WORKFLOW_TASK_FAILED_CAUSE_/, ''), message };
    }
  }
  return undefined;
}

/** The coded issue for a workflow whose task is failing. */
export function taskFailureIssue(workflowId: string, what: string, f: TaskFailure): FlowIssue {
  const nondeterminism = /NON_DETERMINISTIC|nondetermin/i.test(`${f.cause} ${f.message}`);
  const why = nondeterminism ? 'the workflow code on the workers no longer matches its history (non-determinism)' : 'the workflow code throws';
  return {
    code: 'FLOW_NONDETERMINISM',
    message: `${what}: the workflow task of ${workflowId} is failing, so it answers no query and applies no change — ${why}: ${f.cause}: ${f.message}`,
    hint: nondeterminism
      ? 'make the workers that poll this task queue run the build the workflow started on (worker versions: keep the old version PINNED until its runs finish, or roll the worker back), and run the replay gate (`npm run test:replay`) before deploying workflow changes'
      : 'fix the workflow code (it must throw ApplicationFailure, not plain errors), deploy the worker, and check it with the replay gate (`npm run test:replay`); the task retries by itself',
  };
}

/**
 * `FLOW_NONDETERMINISM` when `workflowId`'s task is failing, else `fallback()` (e.g. the
 * FLOW_TEMPORAL_UNREACHABLE issue of a transport error).
 */
export async function explainStuck(client: Client, workflowId: string, what: string, fallback: () => FlowIssue): Promise<FlowIssue> {
  const stuck = await failingWorkflowTask(client, workflowId).catch(() => undefined);
  return stuck ? taskFailureIssue(workflowId, what, stuck) : fallback();
}
