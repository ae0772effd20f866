/**
 * Every flowops error and diagnostic code. Codes are a public contract: they appear in
 * CLI output, GitHub annotations and Temporal failures (`ApplicationFailure.type`).
 * @module
 */

/** Compiler diagnostics that are errors (DESIGN.md, "Compile"). */
export const COMPILER_ERROR_CODES = [
  'FLOW_TYPE_ERROR',
  'FLOW_LOAD_ERROR',
  'FLOW_SCHEMA_INVALID',
  'FLOW_DUPLICATE_NAME',
  'FLOW_DUPLICATE_STEP',
  'FLOW_INVALID_STEP_ID',
  'FLOW_UNKNOWN_PLUGIN',
  'FLOW_PLUGIN_VERSION',
  'FLOW_PLUGIN_INPUT',
  'FLOW_INVALID_REFERENCE',
  'FLOW_CYCLE',
  'FLOW_INVALID_CONDITION',
  'FLOW_HARDCODED_SECRET',
  /** An `env()` value or a workflow input reaches a credential field (a plugin's `sensitive` field, `Authorization`, `token`): it must be `secret('…')`. */
  'FLOW_CREDENTIAL_NOT_SECRET',
  'FLOW_MISSING_OWNER',
  'FLOW_UNKNOWN_WORKFLOW',
  'FLOW_VERSION_NOT_BUMPED',
  'FLOW_BREAKING_CHANGE',
  'FLOW_ENV_UNDEFINED',
  'FLOW_LOCKFILE_STALE',
] as const;

/** Compiler diagnostics that are warnings. */
export const COMPILER_WARNING_CODES = ['FLOW_NO_RETRY', 'FLOW_NO_TIMEOUT', 'FLOW_UNBOUNDED_FOREACH', 'FLOW_TOO_MANY_STEPS'] as const;

/** Codes raised while running or operating workflows. */
export const RUNTIME_CODES = [
  'FLOW_INVALID_INPUT',
  'FLOW_INVALID_TEMPLATE',
  'FLOW_CONDITION_EVAL_ERROR',
  'FLOW_SECRET_MISSING',
  'FLOW_SECRET_NOT_REFERENCED',
  'FLOW_PLUGIN_ERROR',
  'FLOW_STEP_FAILED',
  'FLOW_STEP_TIMEOUT',
  'FLOW_APPROVAL_REJECTED',
  'FLOW_APPROVAL_TIMEOUT',
  'FLOW_TEMPORAL_UNREACHABLE',
  'FLOW_UNKNOWN_ACTION',
  /** An operator skip (`flowops runs skip`, `/flowops skip`) named a step that is not waiting for one. */
  'FLOW_STEP_NOT_WAITING',
  /** A forEach circuit breaker tripped: too many items failed; the message lists them. */
  'FLOW_CIRCUIT_OPEN',
  'FLOW_CODEC_ERROR',
  'FLOW_USAGE',
  'FLOW_CONFIG_INVALID',
  'FLOW_UNKNOWN_ENVIRONMENT',
  'FLOW_ENV_VAR_MISSING',
  'FLOW_ENV_VALUE_MISSING',
  'FLOW_RUN_TOO_LARGE',
  'FLOW_NOT_ALLOWED',
  'FLOW_INTERNAL',
  /** The `flowops` binary runs the built CLI (packages/cli/dist) and it is missing: run `npm run build`. */
  'FLOW_NOT_BUILT',
  'FLOW_VERSION_IMMUTABLE',
  'FLOW_VERSION_INVALID',
  'FLOW_UNKNOWN_VERSION',
  'FLOW_PLUGIN_UNAVAILABLE',
  'FLOW_PUBLISH_FAILED',
  'FLOW_GIT_ERROR',
  'FLOW_COMPILE_SANDBOX',
  'FLOW_NONDETERMINISM',
  'FLOW_INPUT_TOO_LARGE',
  'FLOW_INPUT_TOO_DEEP',
  'FLOW_WEBHOOK_SIGNATURE',
  'FLOW_WEBHOOK_TOO_LARGE',
  'FLOW_WEBHOOK_MALFORMED',
  'FLOW_APP_UNHEALTHY',
  'FLOW_UNKNOWN_WORKER_VERSION',
  'FLOW_WORKER_VERSION_NO_POLLERS',
  /** A registry write found the environment's system queue routed to a worker version none of whose workers polls it: start `flowops worker`. */
  'FLOW_NO_SYSTEM_WORKER',
  'FLOW_REPLAY_FAILED',
  'FLOW_REPLAY_VERDICT_INVALID',
  'FLOW_WEBHOOK_UNAUTHORIZED',
  'FLOW_WEBHOOK_RATE_LIMITED',
  'FLOW_WEBHOOK_DISABLED',
  'FLOW_KEY_UNKNOWN',
  'FLOW_RUN_NOT_FOUND',
  'FLOW_REDRIVE_NO_MATCH',
  'FLOW_RUN_NOT_RUNNING',
  /** `/flowops run` of a `visibility: private` workflow by someone outside its owner team. */
  'FLOW_RUN_NOT_ALLOWED',
  /** The http plugin refused a request to a host outside the policy's allow-list (`FLOWOPS_HTTP_ALLOWED_HOSTS`); never retried. */
  'FLOW_HTTP_HOST_NOT_ALLOWED',
] as const;

/** Policy-as-code diagnostics (`flowops.policy.ts`, evaluated by `flowops check`, `plan`, `publish` and the App). */
export const POLICY_CODES = [
  /** A rule of a policy set found a violation (waived ones are warnings). */
  'FLOW_POLICY_VIOLATION',
  /** A policy set where no rule ran for any workflow: a policy that checks nothing fails. */
  'FLOW_POLICY_NO_RULES_RAN',
  /** The policy file or one of its rules is broken (no default export, not a policy set, a rule that throws). */
  'FLOW_POLICY_INVALID',
  /** `/flowops approve-policy <set>` by someone who is not an owner of the set (no team membership, not the login). */
  'FLOW_POLICY_NOT_OWNER',
  /** `/flowops approve-policy <set>` names a set the base branch's policy file does not have (or there is no policy file). */
  'FLOW_POLICY_UNKNOWN_SET',
] as const;

export type CompilerErrorCode = (typeof COMPILER_ERROR_CODES)[number];
export type CompilerWarningCode = (typeof COMPILER_WARNING_CODES)[number];
export type RuntimeCode = (typeof RUNTIME_CODES)[number];
export type PolicyCode = (typeof POLICY_CODES)[number];
export type FlowCode = CompilerErrorCode | CompilerWarningCode | RuntimeCode | PolicyCode;

/**
 * An expected failure, returned rather than thrown. `message` says what happened,
 * `hint` says how to fix it (rendered as "To fix: …").
 */
export interface FlowIssue {
  code: FlowCode;
  message: string;
  hint?: string | undefined;
  /** Where in the definition, e.g. `steps[2].with.url` or a reference path. */
  path?: string | undefined;
}

export type Result<T> = { ok: true; value: T } | { ok: false; issues: FlowIssue[] };

export const ok = <T>(value: T): Result<T> => ({ ok: true, value });
export const fail = <T = never>(...issues: FlowIssue[]): Result<T> => ({ ok: false, issues });

/** "what happened — To fix: … [CODE]" */
export function formatIssue(issue: FlowIssue): string {
  const hint = issue.hint ? ` — To fix: ${issue.hint}` : '';
  return `${issue.message}${hint} [${issue.code}]`;
}

/** An unexpected-path error that still carries a code; the CLI maps it to a clean message. */
export class FlowError extends Error {
  readonly code: FlowCode;
  readonly hint: string | undefined;
  readonly issues: FlowIssue[];
  constructor(issue: FlowIssue, more: FlowIssue[] = []) {
    super(formatIssue(issue));
    this.name = 'FlowError';
    this.code = issue.code;
    this.hint = issue.hint;
    this.issues = [issue, ...more];
  }
}
