/**
 * The input of the report workflow (`flowopsGithubReport`): what `flowops dry-run --changed
 * --env staging --report <pr>` (CI) hands the App's system worker — the changed workflows with
 * their fixtures, the diagnostics and the plans — and what the workflow returns after it ran the
 * dry-runs and posted the `flowops` check run and the sticky PR comment. The App builds the same
 * input itself for `pull_request` events and `check_run` rerequests. Plain JSON; no secret values.
 * @module
 */
import { z } from 'zod';

export const REPORT_WORKFLOW_TYPE = 'flowopsGithubReport';

export const RepoRef = z.object({ owner: z.string().min(1), repo: z.string().min(1), installationId: z.number().int().optional() });
export type RepoRef = z.infer<typeof RepoRef>;

/** A compiler diagnostic as shown in the check run (mirrors @flowops/compiler's Diagnostic). */
export const ReportDiagnostic = z.object({
  code: z.string(),
  severity: z.enum(['error', 'warning', 'info']),
  message: z.string(),
  hint: z.string().optional(),
  file: z.string().optional(),
  line: z.number().int().optional(),
  column: z.number().int().optional(),
  workflow: z.string().optional(),
  step: z.string().optional(),
});
export type ReportDiagnostic = z.infer<typeof ReportDiagnostic>;

export const TraceLine = z.object({
  step: z.string(),
  status: z.string(),
  simulated: z.boolean().optional(),
  durationMs: z.number().optional(),
  output: z.unknown().optional(),
  error: z.object({ code: z.string(), message: z.string() }).optional(),
});
export type TraceLine = z.infer<typeof TraceLine>;

export const DryRunSummary = z.object({
  status: z.enum(['succeeded', 'failed', 'skipped', 'not-run']),
  workflowId: z.string().optional(),
  runId: z.string().optional(),
  /** Link to the run in the Temporal UI. */
  url: z.string().optional(),
  durationMs: z.number().optional(),
  failedStep: z.string().optional(),
  error: z.string().optional(),
  /** Why a dry-run did not run (fork PR, no fixture, compile error…). */
  reason: z.string().optional(),
  steps: z.array(TraceLine).default([]),
});
export type DryRunSummary = z.infer<typeof DryRunSummary>;

/** Step ids by how a change touched them (semantic diff against the base branch). */
export const StepChanges = z.object({
  added: z.array(z.string()).default([]),
  changed: z.array(z.string()).default([]),
  removed: z.array(z.string()).default([]),
});
export type StepChanges = z.infer<typeof StepChanges>;

/** An input to dry-run a workflow with (`workflows/<name>/fixtures/<name>.json`); `issue` when the file is broken. */
export const FixtureInput = z.object({
  name: z.string(),
  input: z.unknown().optional(),
  issue: z.object({ code: z.string(), message: z.string() }).optional(),
});
export type FixtureInput = z.infer<typeof FixtureInput>;

/** One dry-run of one fixture, as the report workflow ran it. */
export const FixtureOutcome = z.object({
  workflow: z.string(),
  version: z.string().optional(),
  fixture: z.string(),
  status: z.enum(['succeeded', 'failed', 'not-run']),
  workflowId: z.string().optional(),
  url: z.string().optional(),
  durationMs: z.number().optional(),
  failedStep: z.string().optional(),
  /** flowops code of a failure, or of why it did not run. */
  code: z.string().optional(),
  error: z.string().optional(),
  steps: z.array(TraceLine).default([]),
});
export type FixtureOutcome = z.infer<typeof FixtureOutcome>;

export const ChangedWorkflow = z.object({
  name: z.string(),
  version: z.string().optional(),
  change: z.enum(['added', 'changed', 'removed', 'unchanged']),
  /** The IR at the PR head (absent for removed workflows); used for the Mermaid graph. */
  ir: z.unknown().optional(),
  /** The IR at the base (for removed steps in the graph). */
  baseIr: z.unknown().optional(),
  steps: StepChanges.optional(),
  /**
   * Inputs the report workflow dry-runs this workflow with (absent: one run with `{}`). Ignored
   * when `dryRun` is already given, for removed workflows and for fork PRs.
   */
  fixtures: z.array(FixtureInput).optional(),
  dryRun: DryRunSummary.optional(),
});
export type ChangedWorkflow = z.infer<typeof ChangedWorkflow>;

export const PlanRow = z.object({
  workflow: z.string(),
  /** The plan's status (@flowops/gitops); `missing-plugins` only from reports of older CLIs. */
  status: z.enum(['new', 'changed', 'rollback', 'unchanged', 'removed', 'drifted', 'reused', 'missing-plugins']),
  from: z.string().optional(),
  to: z.string().optional(),
  detail: z.string().optional(),
  /** `uses` no live worker on the environment's task queue serves. */
  missingPlugins: z.array(z.string()).optional(),
  /** Runs of the workflow still running in that environment (runtime's `runsInFlight`). */
  inFlight: z
    .object({
      total: z.number().int(),
      oldestStart: z.string().optional(),
      truncated: z.boolean().optional(),
      groups: z.array(z.object({ definitionVersion: z.string(), workerBuild: z.string(), count: z.number().int(), oldestStart: z.string() })),
    })
    .optional(),
});
export type PlanRow = z.infer<typeof PlanRow>;

export const EnvPlan = z.object({ env: z.string(), rows: z.array(PlanRow), error: z.string().optional() });
export type EnvPlan = z.infer<typeof EnvPlan>;

export const DriftRow = z.object({
  env: z.string(),
  workflow: z.string(),
  /** drifted, pending (git is ahead), orphaned (gone from git), schedules (@flowops/gitops). */
  kind: z.enum(['drifted', 'pending', 'orphaned', 'schedules']).optional(),
  git: z.string().optional(),
  cluster: z.string().optional(),
  detail: z.string().optional(),
});
export type DriftRow = z.infer<typeof DriftRow>;

/**
 * The replay verdict CI hands over when a change touches the interpreter or a system workflow
 * (`flowops dry-run --changed --report <pr> --replay <file>`): the committed corpus (the replay
 * gate) and the last histories of a cluster replayed against the PR's interpreter. Absent: no
 * replay ran (the App never runs pull-request code itself).
 */
export const ReplayVerdict = z.object({
  corpus: z
    .object({
      passed: z.boolean(),
      /** Histories that no longer replay. */
      failed: z.number().int().nonnegative().default(0),
      firstFailure: z.string().max(2000).optional(),
    })
    .optional(),
  cluster: z
    .object({
      env: z.string().min(1),
      replayed: z.number().int().nonnegative().default(0),
      failed: z.number().int().nonnegative().default(0),
      firstFailure: z.object({ workflow: z.string(), workflowId: z.string(), runId: z.string().optional(), message: z.string().max(2000) }).optional(),
      /** Why the cluster's histories could not be replayed (unreachable, no credentials…). */
      error: z.string().max(2000).optional(),
    })
    .optional(),
});
export type ReplayVerdict = z.infer<typeof ReplayVerdict>;

/** One policy set's outcome on a pull request (`evaluatePolicies` in @flowops/compiler). */
export const PolicySetOutcome = z.object({
  name: z.string(),
  /** Who may waive it: `@org/team` or `@login`. */
  owners: z.array(z.string()),
  rulesRun: z.number().int().nonnegative().default(0),
  violations: z.array(ReportDiagnostic).default([]),
  /** `@login` of the owner whose waiver applies on this commit. */
  waivedBy: z.string().optional(),
});
export type PolicySetOutcome = z.infer<typeof PolicySetOutcome>;

/** `/flowops approve-policy <set>` by an owner (`approvedBy`: `@login`), bound to the commit it was given on. */
export const PolicyWaiver = z.object({
  set: z.string(),
  approvedBy: z.string().regex(/^@[A-Za-z0-9][A-Za-z0-9-]*(?:\[bot\])?$/),
  sha: z.string().regex(/^[0-9a-f]{7,40}$/),
});
export type PolicyWaiver = z.infer<typeof PolicyWaiver>;

/**
 * The policy verdict of the App's own report: `flowops.policy.ts` of the base branch (never the
 * pull request's) evaluated in a sandboxed child over the head's IR, and the waivers recorded for
 * the head commit.
 */
export const PolicyVerdict = z.object({
  /** The policy file that was evaluated (absent: the base branch has none). */
  file: z.string().optional(),
  /** The branch or commit the policy file came from. */
  from: z.string(),
  /** The pull request edits the policy file: its change is not what was evaluated. */
  changed: z.boolean().default(false),
  sets: z.array(PolicySetOutcome).default([]),
  /** Every policy diagnostic (also in the report's `diagnostics`): violations (waived ones as warnings), sets where no rule ran, load errors. */
  diagnostics: z.array(ReportDiagnostic).default([]),
  /** The waivers that applied (recorded for this commit, of a set the base policy has). */
  waivers: z.array(PolicyWaiver).default([]),
});
export type PolicyVerdict = z.infer<typeof PolicyVerdict>;

export const ReportInput = z.object({
  repo: RepoRef,
  pr: z.number().int().positive(),
  headSha: z.string().min(7),
  baseRef: z.string().default('main'),
  /** PR from a fork: no automatic dry-run (no secrets in Actions). */
  fork: z.boolean().default(false),
  /** Environment the dry-runs ran on. */
  environment: z.string().default('staging'),
  diagnostics: z.array(ReportDiagnostic).default([]),
  plans: z.array(EnvPlan).default([]),
  workflows: z.array(ChangedWorkflow).default([]),
  drift: z.array(DriftRow).default([]),
  /** Why the drift rows could not be read (a cluster or the default branch unreachable). */
  driftError: z.string().optional(),
  /** Where the CI run lives (Actions URL), for the check run's details link. */
  detailsUrl: z.string().optional(),
  /** The replay verdict from CI when the change touches the interpreter or a system workflow. */
  replay: ReplayVerdict.optional(),
  /** The policy verdict (App reports only; its diagnostics are also in `diagnostics`, waived ones as warnings). */
  policy: PolicyVerdict.optional(),
});
export type ReportInput = z.infer<typeof ReportInput>;
export type ReportInputIn = z.input<typeof ReportInput>;

/** What a report workflow returns (`flowops dry-run --changed --report` prints it). */
export const ReportResult = z.object({
  checkRunId: z.number().int(),
  /** Absent when the PR head moved on: the newer commit's report owns the comment. */
  commentId: z.number().int().optional(),
  conclusion: z.string(),
  runs: z.array(FixtureOutcome),
});
export type ReportResult = z.infer<typeof ReportResult>;
