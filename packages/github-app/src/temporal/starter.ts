/**
 * Starting the App's workflows. A workflow id that already exists — running or closed — means
 * the delivery (or comment, or commit) was handled: it is reported as a duplicate, not started.
 * @module
 */
import { type Client, WorkflowExecutionAlreadyStartedError } from '@temporalio/client';
import { REPORT_WORKFLOW_TYPE, type ReportInputIn } from '../report/types';
import type { StartResult, WorkStarter } from '../server/webhook-server';

export function temporalStarter(client: Client, taskQueue: string): WorkStarter {
  return async (work, o): Promise<StartResult> => {
    const start = () =>
      client.workflow.start(work.workflowType, {
        taskQueue,
        workflowId: work.workflowId,
        args: [work.args],
        workflowIdReusePolicy: 'REJECT_DUPLICATE',
        workflowIdConflictPolicy: 'FAIL',
      });
    try {
      // A deadline ends the call and its retries: a start answered 503 is not still trying afterwards.
      await (o?.deadline ? client.withDeadline(o.deadline, start) : start());
      return { status: 'started', workflowId: work.workflowId };
    } catch (err) {
      if (err instanceof WorkflowExecutionAlreadyStartedError) return { status: 'duplicate', workflowId: work.workflowId };
      throw err;
    }
  };
}

/** Workflow id of a PR's report: one per PR, so reports for it never race. */
export function reportWorkflowId(input: { repo: { owner: string; repo: string }; pr: number }): string {
  return `gh-report-${input.repo.owner}-${input.repo.repo}-${input.pr}`.replace(/[^A-Za-z0-9._-]/g, '_');
}

/**
 * Hand a report to the App (what `flowops dry-run --changed --report <pr>` calls): a newer
 * report for the same PR replaces one still running.
 */
export async function startReport(client: Client, input: ReportInputIn, taskQueue = 'flowops-github'): Promise<{ workflowId: string }> {
  const workflowId = reportWorkflowId(input);
  await client.workflow.start(REPORT_WORKFLOW_TYPE, {
    taskQueue,
    workflowId,
    args: [input],
    workflowIdReusePolicy: 'ALLOW_DUPLICATE',
    workflowIdConflictPolicy: 'TERMINATE_EXISTING',
  });
  return { workflowId };
}
