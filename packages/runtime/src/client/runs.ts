/**
 * Starting and following interpreter runs from a client: `startRun` (input validated first),
 * `getProgress`, `approve`, `waitForResult`.
 * @module
 */
import { randomBytes } from 'node:crypto';
import { FlowError, type Workflow, callClosure, hashWorkflow } from '@flowops/core';
import { type EnvValuesSource, envForRun } from '@flowops/sdk';
import { type Client, WorkflowFailedError, type WorkflowHandle, WorkflowNotFoundError } from '@temporalio/client';
import { ApplicationFailure, TemporalFailure } from '@temporalio/common';
import {
  type ApprovalAck,
  type ApprovalDecision,
  type FailureDetails,
  INTERPRETER_WORKFLOW_TYPE,
  type InterpreterArgs,
  type InterpreterResult,
  type RunProgress,
  type TraceEntry,
  approveUpdate,
  progressQuery,
} from '../workflows/types';
import { runSearchAttributes } from './search-attributes';
import { explainStuck, failingWorkflowTask, taskFailureIssue } from './task-failure';
import { type InputLimits, checkRunPayload, inputLimitsFromEnv } from './input-limits';
import { validateInput } from './validate-input';

export interface StartRunOptions {
  client: Client;
  ir: Workflow;
  input: unknown;
  /**
   * The environment the run starts in: the run takes its `env('NAME')` values from it (only the
   * referenced names, see `envForRun`), or fails with FLOW_ENV_VALUE_MISSING before starting.
   */
  environment?: EnvValuesSource | undefined;
  /** Explicit env values (tests, tools); `environment` is the rule for everything else. */
  env?: Record<string, string> | undefined;
  dryRun?: boolean | undefined;
  taskQueue: string;
  /** Suffix of the workflow id (e.g. a GitHub delivery id for deduplication); default random. */
  id?: string | undefined;
  triggeredBy?: string | undefined;
  gitSha?: string | undefined;
  /** The environment's Temporal UI: `notifyHuman` messages link to the run there. */
  uiUrl?: string | undefined;
  /**
   * Definitions `call` steps may use (see InterpreterArgs.childIrs); the run carries only the
   * transitive closure of its `call` targets, each once (`callClosure`).
   */
  childIrs?: Record<string, Workflow> | undefined;
  /** Set FlowName/FlowVersion/… search attributes (default true; the namespace must have them). */
  searchAttributes?: boolean | undefined;
  /**
   * Never start a second run under this id, even after the first one closed (Temporal's
   * REJECT_DUPLICATE): the start throws WorkflowExecutionAlreadyStartedError and the caller
   * follows the existing run. For ids that name one piece of work (a PR commit's dry-run).
   */
  once?: boolean | undefined;
  /**
   * Size/depth limits on the input (default: `FLOWOPS_MAX_INPUT_BYTES` / `_DEPTH`, else 512 KiB / 64)
   * and on the whole start payload (`FLOWOPS_MAX_RUN_BYTES`, else just under Temporal's 2 MB).
   */
  inputLimits?: InputLimits | undefined;
  /** Memo fields of the run (e.g. `retryOf`: the run a retry or redrive re-runs). */
  memo?: Record<string, unknown> | undefined;
}

export interface StartedRun {
  workflowId: string;
  runId: string;
  hash: string;
  handle: WorkflowHandle;
}

/** `flowops-<name>-<first 8 of the sha256>-<id or 8 random hex>` */
export function runWorkflowId(ir: Workflow, hash: string, id?: string): string {
  const short = hash.replace(/^sha256:/, '').slice(0, 8);
  return `flowops-${ir.name}-${short}-${id ?? randomBytes(4).toString('hex')}`;
}

/**
 * Validate the input against the IR's schema (FLOW_INVALID_INPUT), take the env values the run
 * needs (FLOW_ENV_VALUE_MISSING), keep the `call` closure and check the payload's size
 * (FLOW_RUN_TOO_LARGE) — each refused before anything starts — and start the run.
 */
export async function startRun(o: StartRunOptions): Promise<StartedRun> {
  const limits = o.inputLimits ?? inputLimitsFromEnv(process.env);
  const valid = validateInput(o.ir, o.input, { limits });
  if (!valid.ok) throw new FlowError(valid.issues[0]!, valid.issues.slice(1));
  const childIrs = o.childIrs ? callClosure(o.ir, o.childIrs) : {};
  let env = o.env ?? {};
  if (o.env === undefined && o.environment) {
    const taken = envForRun(o.environment, [o.ir, ...Object.values(childIrs)]);
    if (!taken.ok) throw new FlowError(taken.issues[0]!, taken.issues.slice(1));
    env = taken.value;
  }
  const hash = hashWorkflow(o.ir);
  const workflowId = runWorkflowId(o.ir, hash, o.id);
  const args: InterpreterArgs = {
    ir: o.ir,
    input: valid.value,
    env,
    dryRun: o.dryRun ?? false,
    ...(o.triggeredBy ? { triggeredBy: o.triggeredBy } : {}),
    ...(o.gitSha ? { gitSha: o.gitSha } : {}),
    ...(Object.keys(childIrs).length > 0 ? { childIrs } : {}),
    ...(o.uiUrl ? { uiUrl: o.uiUrl } : {}),
  };
  const size = checkRunPayload(o.ir.name, args, limits);
  if (!size.ok) throw new FlowError(size.issues[0]!, size.issues.slice(1));
  const handle = await o.client.workflow.start(INTERPRETER_WORKFLOW_TYPE, {
    taskQueue: o.taskQueue,
    workflowId,
    args: [args],
    ...(o.once ? { workflowIdReusePolicy: 'REJECT_DUPLICATE' as const } : {}),
    ...(o.memo ? { memo: o.memo } : {}),
    ...(o.searchAttributes === false
      ? {}
      : {
          typedSearchAttributes: runSearchAttributes({
            name: o.ir.name,
            version: o.ir.version,
            hash,
            dryRun: args.dryRun,
            gitSha: o.gitSha,
            triggeredBy: o.triggeredBy,
          }),
        }),
    staticSummary: `${args.dryRun ? 'dry-run ' : ''}${o.ir.name}@${o.ir.version}`,
  });
  return { workflowId, runId: handle.firstExecutionRunId, hash, handle };
}

/**
 * The `progress` query. A run whose workflow task is failing is FLOW_NONDETERMINISM with the
 * reason from its history; another failed query is FLOW_TEMPORAL_UNREACHABLE with what it said.
 */
export async function getProgress(client: Client, workflowId: string): Promise<RunProgress> {
  const what = `could not read the progress of ${workflowId}`;
  // A stuck run would hold the query until its timeout: ask its history first (one cheap call).
  const stuck = await failingWorkflowTask(client, workflowId).catch(() => undefined);
  if (stuck) throw new FlowError(taskFailureIssue(workflowId, what, stuck));
  try {
    return await client.workflow.getHandle(workflowId).query(progressQuery);
  } catch (error) {
    if (error instanceof WorkflowNotFoundError) throw error;
    throw new FlowError(
      await explainStuck(client, workflowId, what, () => ({
        code: 'FLOW_TEMPORAL_UNREACHABLE',
        message: `${what}: ${error instanceof Error ? (error.message.split('\n')[0] ?? error.message) : String(error)}`,
        hint: "check that a flowops worker polls the run's task queue (`flowops worker`) and that the cluster is reachable",
      })),
    );
  }
}

/** Send a decision to a waiting approval step; rejected (FLOW_USAGE) if the step is not waiting. */
export async function approve(client: Client, workflowId: string, decision: ApprovalDecision): Promise<ApprovalAck> {
  try {
    return await client.workflow.getHandle(workflowId).executeUpdate(approveUpdate, { args: [decision] });
  } catch (err) {
    const cause = (err as { cause?: unknown }).cause;
    if (cause instanceof ApplicationFailure && cause.type === 'FLOW_USAGE') {
      throw new FlowError({ code: 'FLOW_USAGE', message: cause.message, hint: 'check the step id with `flowops status <run-id>`' });
    }
    throw err;
  }
}

export type RunOutcome =
  | (InterpreterResult & { workflowId: string })
  | { status: 'failed'; workflowId: string; code: string; message: string; failedStep?: string | undefined; steps: TraceEntry[] };

/** Wait for the run to end; a failed run is returned (not thrown) with its flowops code and trace. */
export async function waitForResult(client: Client, workflowId: string): Promise<RunOutcome> {
  try {
    const result = (await client.workflow.getHandle(workflowId).result()) as InterpreterResult;
    return { ...result, workflowId };
  } catch (err) {
    if (!(err instanceof WorkflowFailedError)) throw err;
    const cause = err.cause;
    if (cause instanceof ApplicationFailure) {
      const details = cause.details?.[0] as FailureDetails | undefined;
      return {
        status: 'failed',
        workflowId,
        code: cause.type ?? 'FLOW_STEP_FAILED',
        message: cause.message,
        failedStep: details?.failedStep,
        steps: details?.steps ?? [],
      };
    }
    const message = cause instanceof TemporalFailure ? cause.message : err.message;
    return { status: 'failed', workflowId, code: 'FLOW_STEP_FAILED', message, steps: [] };
  }
}
