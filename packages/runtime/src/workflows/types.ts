/**
 * The interpreter's public shapes: its arguments, result, live progress, the `approve` update and
 * `progress` query, and the envelope every plugin activity takes and returns. Sandbox-safe: imports
 * only `@temporalio/workflow` and `@flowops/core` (types), so clients and the worker can import it too.
 * @module
 */
import type { FlowCode, SecretSlot, StepKind, Workflow } from '@flowops/core';
import { defineQuery, defineUpdate } from '@temporalio/workflow';

/** The one workflow type that executes every flowops/v1 IR. */
export const INTERPRETER_WORKFLOW_TYPE = 'flowopsInterpreter';

export type StepStatus = 'pending' | 'running' | 'succeeded' | 'failed' | 'skipped' | 'simulated' | 'compensated';
export type RunStatus = 'running' | 'succeeded' | 'failed';

/** A failure as recorded on a step (no stack traces; messages already redacted by activities). */
export interface StepError {
  code: FlowCode | string;
  message: string;
}

/** What the interpreter records per executed step. Keys of forEach iterations look like `each[2].notify`. */
export interface StepRecord {
  key: string;
  id: string;
  kind: StepKind;
  status: StepStatus;
  attempt?: number | undefined;
  startedAt?: number | undefined;
  endedAt?: number | undefined;
  input?: unknown;
  output?: unknown;
  error?: StepError | undefined;
  simulated?: boolean | undefined;
  cached?: boolean | undefined;
  /** Cache metadata of a step with `cache` (read by `steps.<id>.cache.hit` / `.cachedAt`). */
  cache?: { hit: boolean; cachedAt: number | null } | undefined;
  /** Why a step was skipped (`condition false`, `run failed`, `branch not taken`). */
  reason?: string | undefined;
  compensation?: { status: 'succeeded' | 'failed' | 'simulated'; error?: StepError | undefined } | undefined;
  /** The `notifyHuman` message of this step: sent, or why not. */
  notify?: { status: 'sent' | 'failed'; error?: string | undefined } | undefined;
}

/** How a step ended (the executor records it): its status and the record fields to set. */
export interface Outcome {
  status: StepStatus;
  fields?: Partial<StepRecord>;
}

/** Live per-step state returned by the `progress` query. */
export interface StepProgress {
  step: string;
  kind: StepKind;
  status: StepStatus;
  attempt?: number | undefined;
  startedAt?: string | undefined;
  endedAt?: string | undefined;
  error?: StepError | undefined;
}

export interface RunProgress {
  status: RunStatus;
  workflow: string;
  version: string;
  dryRun: boolean;
  steps: StepProgress[];
  /** Approval steps waiting for a decision right now (keys to pass as `stepId` to `approve`). */
  waitingApprovals: string[];
  /** Failed `allowSkip` steps waiting for an operator's skip (keys to pass as `stepId` to `skip`). */
  waitingSkips?: string[] | undefined;
}

/** One line of a run's trace: inputs and outputs as the activities returned them (already redacted). */
export interface TraceEntry {
  step: string;
  kind: StepKind;
  status: StepStatus;
  simulated: boolean;
  durationMs: number;
  attempt?: number | undefined;
  cached?: boolean | undefined;
  input?: unknown;
  output?: unknown;
  error?: StepError | undefined;
  reason?: string | undefined;
  compensation?: StepRecord['compensation'];
  notify?: StepRecord['notify'];
  cache?: { hit: boolean; cachedAt: string | null } | undefined;
}

export interface InterpreterResult {
  status: 'succeeded';
  output: unknown;
  steps: TraceEntry[];
}

/** Details attached (as the first detail) to the ApplicationFailure a failed run ends with. */
export interface FailureDetails {
  status: 'failed';
  failedStep?: string | undefined;
  steps: TraceEntry[];
}

/** A cached read result, keyed by `uses` + canonical JSON of the resolved input. */
export interface CacheEntry {
  key: string;
  output: unknown;
  /** Workflow time (ms since epoch) the result was produced. */
  at: number;
  /** Workflow time after which the entry is stale. */
  expiresAt: number;
}

/** A completed step's undo, resolved when the step completed. */
export interface PendingCompensation {
  key: string;
  uses: string;
  effect: 'read' | 'write';
  with?: unknown;
  /** Secret slots of `with` and the secrets the compensation's definition names (see ActionRequest). */
  secretSlots?: SecretSlot[] | undefined;
  secrets?: string[] | undefined;
  /** Set when the compensation input could not be resolved. */
  error?: StepError | undefined;
  retry?: unknown;
  timeout?: string | undefined;
}

/** What a run carries into its next run when it continues as new. */
export interface InterpreterState {
  records: StepRecord[];
  cache: CacheEntry[];
  compensations: PendingCompensation[];
  /** forEach progress by step key: finished iteration indexes and their results. */
  forEach: Record<string, { done: number[]; results: Record<string, unknown> }>;
  /** How many times this run has continued as new. */
  generation: number;
}

export interface InterpreterArgs {
  ir: Workflow;
  input: unknown;
  env: Record<string, string>;
  dryRun: boolean;
  triggeredBy?: string | undefined;
  gitSha?: string | undefined;
  /**
   * IRs of workflows reachable through `call` steps, keyed by `name@version` or `name` (the CLI and
   * publish fill this). Passed on to children so nested calls resolve too.
   */
  childIrs?: Record<string, Workflow> | undefined;
  /** Continue as new when history passes this many events (default 10 000) or the server suggests it. */
  continueAsNewAfterEvents?: number | undefined;
  /** Set only by continue-as-new. */
  state?: InterpreterState | undefined;
  /** The environment's Temporal UI (for the run link of `notifyHuman` messages). */
  uiUrl?: string | undefined;
}

/** The decision sent with the `approve` update. */
export interface ApprovalDecision {
  stepId: string;
  decision: 'approve' | 'reject';
  by: string;
  reason?: string | undefined;
}

export interface ApprovalAck {
  stepId: string;
  decision: 'approve' | 'reject';
}

export const approveUpdate = defineUpdate<ApprovalAck, [ApprovalDecision]>('approve');

/** An operator's decision to skip a failed `allowSkip` step (sent with the `skip` update). */
export interface SkipDecision {
  stepId: string;
  by: string;
  reason: string;
}

export interface SkipAck {
  stepId: string;
  skipped: true;
}

/** Skip a failed `allowSkip` step waiting for an operator; refused (FLOW_STEP_NOT_WAITING) otherwise. */
export const skipUpdate = defineUpdate<SkipAck, [SkipDecision]>('skip');
export const progressQuery = defineQuery<RunProgress>('progress');

/** What the interpreter sends every plugin activity (`<plugin>.<action>@<major>`). */
export interface ActionRequest {
  /** Step key (for logs, idempotency keys); compensations end with `:compensate`. */
  stepId: string;
  /**
   * Resolved input: data, never parsed again. Strings that reference secrets hold display text
   * (`Bearer {{ secret.TOKEN }}`) and are assembled by the activity from `secretSlots`.
   */
  with: Record<string, unknown>;
  /** Where secret values go in `with`, from the step's parsed templates (absent: none). */
  secretSlots?: SecretSlot[] | undefined;
  /** The secrets the step's definition names (IR `secrets`, or derived from its `with`); others are refused. */
  secrets?: string[] | undefined;
  dryRun: boolean;
  /** Dry-run only: simulate even a `read` (its input depends on simulated output). */
  simulate?: boolean | undefined;
  /**
   * The step has no `retry`: every failure the action raises is final (non-retryable); the
   * activity's second attempt exists only for a lost first one (worker gone).
   */
  failuresFinal?: boolean | undefined;
}

/** What every plugin activity returns. */
export interface ActionResponse {
  output: unknown;
  simulated: boolean;
  attempt: number;
}
