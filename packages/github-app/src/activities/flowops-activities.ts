/**
 * Activities that read definitions from git and talk to the flowops environments: validate and
 * start runs (pinned to the PR head on unprotected environments such as staging, the active
 * published version on protected ones such as production),
 * wait for them with heartbeats, and compare git with the clusters — plan, drift and changed
 * workflows are @flowops/gitops' (the same answers as `flowops plan` and `flowops drift`).
 * @module
 */
import { FlowError, type Workflow, effectiveVisibility, formatIssue, hashWorkflow, inputFromArgs } from '@flowops/core';
import { type BuildPlanOptions, type GitWorkflow, type Plan, buildPlan, changedBetween, driftFromPlan, openSession } from '@flowops/gitops';
import { getActiveDefinition, runWorkflowId, skipStep, startRun, validateInput, waitForResult } from '@flowops/runtime';
import { Context } from '@temporalio/activity';
import { WorkflowExecutionAlreadyStartedError } from '@temporalio/client';
import { ApplicationFailure } from '@temporalio/common';
import { isProtectedEnvironment } from '@flowops/sdk';
import type { EnvironmentPolicy } from '../comments/authorize';
import type { DefinitionSet } from '../definitions/load';
import type { PolicyEvaluation } from '../definitions/policy';
import type { HelpWorkflow, RunOutcome } from '../render/index';
import { changedWorkflow, driftRows, planRows } from '../report/from-gitops';
import type { ChangedWorkflow, DriftRow, EnvPlan, FixtureInput, PolicyVerdict, PolicyWaiver, RepoRef } from '../report/types';
import { type Environments, describeIssue } from '../temporal/environments';

export interface FlowopsActivityDeps {
  environments: Environments;
  /** Definitions at a commit of a repository (clone + compile). */
  definitions(repo: RepoRef, sha: string): Promise<DefinitionSet>;
  /** Temporal UI base per environment (falls back to the environment's `uiUrl`). */
  uiBase?: (env: string) => string | undefined;
  /**
   * Is commit `sha` in the history of `head` (GitHub's compare)? Tells a revert (rollback) from
   * drift in a plan; without it an active version git is behind of counts as drifted.
   */
  inHistory?: (repo: RepoRef, sha: string, head: string) => Promise<boolean>;
  /**
   * The base branch's policy over a pull request's workflows, in the sandbox (`definitions/policy.ts`);
   * undefined when the base has no policy file. Without it the report has no policy section.
   */
  policy?: (repo: RepoRef, o: Omit<PolicyEvaluation, 'url' | 'appRoot' | 'sandbox'>) => Promise<PolicyVerdict | undefined>;
}

/**
 * Who may `/flowops run` a workflow, from a trusted definition: `restricted` when it is
 * `visibility: private` (only `owner`, a login or `@org/team`, may run it); `source` says where
 * that was read.
 */
export type RunAccess = { restricted: false; source: RunAccessSource } | { restricted: true; owner: string; source: RunAccessSource };
/** `published`: the environment's active version; `default-branch`: the checkout; `none`: neither has it (a new workflow). */
export type RunAccessSource = 'published' | 'default-branch' | 'none';

export type PreparedRun = { ok: true; ir: Workflow; input: unknown; version: string } | { ok: false; reason: string };

function uiLink(base: string | undefined, namespace: string, workflowId: string, runId?: string): string | undefined {
  if (!base) return undefined;
  return `${base.replace(/\/+$/, '')}/namespaces/${encodeURIComponent(namespace)}/workflows/${encodeURIComponent(workflowId)}${runId ? `/${runId}` : ''}/history`;
}

export function createFlowopsActivities(deps: FlowopsActivityDeps) {
  const uiBase = (env: string, fallback: string | undefined) => deps.uiBase?.(env) ?? fallback;

  /** @flowops/gitops' plan of git's workflows (at `head`) against `env`, on the App's client for it. */
  async function planAgainst(env: string, repo: RepoRef, head: string, git: GitWorkflow[], opts: BuildPlanOptions): Promise<Plan> {
    const connected = await deps.environments.get(env);
    const session = await openSession(connected.env, { connected });
    try {
      const inHistory = deps.inHistory;
      return await buildPlan(session, git, {
        ...opts,
        diffs: false,
        ...(inHistory ? { inHistory: (sha: string) => inHistory(repo, sha, head).catch(() => false) } : {}),
      });
    } finally {
      await session.close();
    }
  }

  return {
    /** Each environment's `runners` and whether it is protected. */
    async environmentRunners(): Promise<Record<string, EnvironmentPolicy>> {
      const out: Record<string, EnvironmentPolicy> = {};
      for (const [name, env] of Object.entries(deps.environments.config.environments))
        out[name] = { runners: env.runners, protected: isProtectedEnvironment(name, env) };
      return out;
    },

    /** The workflows at `sha` (a commit or a branch: `/flowops help` passes the default branch, never a PR head). */
    async helpWorkflows(o: { repo: RepoRef; sha: string }): Promise<HelpWorkflow[]> {
      const defs = await deps.definitions(o.repo, o.sha);
      return defs.workflows.map((w) => ({ name: w.name, version: w.version, description: w.ir.description, input: w.ir.input }));
    },

    /**
     * `/flowops run`'s visibility and owner, never from the pull request's head (it could make
     * itself public): on a protected environment the active published version (what runs there),
     * elsewhere the default branch's definition, else the environment's published one. A workflow
     * neither has is new, so nobody's access to it changes: not restricted.
     */
    async runAccess(o: { repo: RepoRef; defaultBranch: string; workflow: string; env: string }): Promise<RunAccess> {
      const environments = deps.environments.config.environments;
      const isProtected = isProtectedEnvironment(o.env, Object.hasOwn(environments, o.env) ? environments[o.env] : undefined);
      const access = (ir: Workflow, source: RunAccessSource): RunAccess =>
        effectiveVisibility(ir, 'comment-run') === 'private' ? { restricted: true, owner: ir.owner, source } : { restricted: false, source };
      if (!isProtected) {
        const defs = await deps.definitions(o.repo, o.defaultBranch);
        const found = defs.workflows.find((w) => w.name === o.workflow);
        if (found) return access(found.ir, 'default-branch');
      }
      const { client } = await deps.environments.get(o.env);
      const active = await getActiveDefinition(client, o.workflow);
      return active.ok ? access(active.value.ir, 'published') : { restricted: false, source: 'none' };
    },

    /**
     * The definition and input of a comment run: on a protected environment the active published
     * version (never the commit), elsewhere the definition at `sha`; the input from `args` following
     * its schema, validated.
     */
    async prepareRun(o: { repo: RepoRef; sha: string; workflow: string; env: string; args: Record<string, string> }): Promise<PreparedRun> {
      let ir: Workflow;
      const environments = deps.environments.config.environments;
      if (isProtectedEnvironment(o.env, Object.hasOwn(environments, o.env) ? environments[o.env] : undefined)) {
        const { client } = await deps.environments.get(o.env);
        const active = await getActiveDefinition(client, o.workflow);
        if (!active.ok) return { ok: false, reason: active.issues.map(formatIssue).join('; ') };
        ir = active.value.ir;
      } else {
        const defs = await deps.definitions(o.repo, o.sha);
        const found = defs.workflows.find((w) => w.name === o.workflow);
        if (!found) {
          const errors = defs.diagnostics.filter((d) => d.severity === 'error' && (!d.workflow || d.workflow === o.workflow));
          const known = defs.workflows.map((w) => w.name).join(', ') || 'none';
          return {
            ok: false,
            reason:
              errors.length > 0
                ? `${o.workflow} does not compile at ${o.sha.slice(0, 7)}: ${errors.map((d) => `${d.message} [${d.code}]`).join('; ')}`
                : `no workflow named "${o.workflow}" at ${o.sha.slice(0, 7)} (known: ${known})`,
          };
        }
        ir = found.ir;
      }
      const input = inputFromArgs(ir.input, Object.entries(o.args));
      if (!input.ok) return { ok: false, reason: `invalid input for ${ir.name}: ${input.issues.map((i) => formatIssue(i)).join('; ')}` };
      const valid = validateInput(ir, input.value);
      if (!valid.ok) return { ok: false, reason: `invalid input for ${ir.name}: ${valid.issues.map((i) => formatIssue(i)).join('; ')}` };
      return { ok: true, ir, input: valid.value, version: ir.version };
    },

    /**
     * Start a run and wait for it. `once`: the id names one piece of work (a PR commit's dry-run
     * of a fixture) — a run under it that already exists, running or closed, is followed instead
     * of started again, so the App's report and CI's report never dry-run the same thing twice.
     */
    async executeRun(o: {
      env: string;
      kind: 'run' | 'dry-run';
      ir: Workflow;
      input: unknown;
      id: string;
      triggeredBy: string;
      gitSha?: string;
      once?: boolean;
      childIrs?: Record<string, Workflow>;
    }): Promise<RunOutcome> {
      const { client, env } = await deps.environments.get(o.env);
      const started = Date.now();
      const workflowId = runWorkflowId(o.ir, hashWorkflow(o.ir), o.id);
      try {
        await startRun({
          client,
          ir: o.ir,
          input: o.input,
          dryRun: o.kind === 'dry-run',
          taskQueue: env.taskQueue,
          environment: env, // env('NAME') values of this environment (flowops.config.ts)
          id: o.id,
          triggeredBy: o.triggeredBy,
          once: o.once,
          ...(o.gitSha ? { gitSha: o.gitSha } : {}),
          ...(o.childIrs ? { childIrs: o.childIrs } : {}),
        });
      } catch (err) {
        // A retried activity finds the run it already started and waits for it.
        if (err instanceof FlowError) throw ApplicationFailure.nonRetryable(err.issues.map((i) => formatIssue(i)).join('; '), err.code);
        if (!(err instanceof WorkflowExecutionAlreadyStartedError)) throw ApplicationFailure.nonRetryable(describeIssue(err), 'FLOW_TEMPORAL_UNREACHABLE');
      }
      const beat = setInterval(() => Context.current().heartbeat({ workflowId }), 5000);
      try {
        const outcome = await waitForResult(client, workflowId);
        const handle = client.workflow.getHandle(workflowId);
        const d = await handle.describe().catch(() => undefined);
        const durationMs = d?.closeTime && d.startTime ? d.closeTime.getTime() - d.startTime.getTime() : Date.now() - started;
        const link = uiLink(uiBase(o.env, env.uiUrl), env.namespace, workflowId, d?.runId);
        const steps = outcome.steps.map((s) => ({
          step: s.step,
          status: s.status,
          simulated: s.simulated,
          durationMs: s.durationMs,
          error: s.error ? { code: String(s.error.code), message: s.error.message } : undefined,
        }));
        return {
          kind: o.kind,
          workflow: o.ir.name,
          version: o.ir.version,
          env: o.env,
          status: outcome.status === 'succeeded' ? 'succeeded' : 'failed',
          durationMs,
          url: link,
          workflowId,
          steps,
          ...(outcome.status === 'failed' ? { failedStep: outcome.failedStep, code: String(outcome.code), error: `${outcome.message} [${outcome.code}]` } : {}),
        };
      } finally {
        clearInterval(beat);
      }
    },

    /**
     * `/flowops skip`: skip a failed `allowSkip` step waiting for an operator, as `by` (recorded on
     * the step with the reason, like an approval's decider). A step that is not waiting, or a run
     * that is not there, is an answer (`ok: false` with the coded reason), not a failure.
     */
    async skipRunStep(o: {
      env: string;
      runId: string;
      step: string;
      by: string;
      reason: string;
    }): Promise<{ ok: true; step: string; url?: string | undefined } | { ok: false; reason: string }> {
      const { client, env } = await deps.environments.get(o.env);
      try {
        const ack = await skipStep(client, o.runId, { stepId: o.step, by: o.by, reason: o.reason });
        return { ok: true, step: ack.stepId, url: uiLink(uiBase(o.env, env.uiUrl), env.namespace, o.runId) };
      } catch (err) {
        if (err instanceof FlowError) return { ok: false, reason: err.message };
        if ((err as { name?: string }).name === 'WorkflowNotFoundError') {
          return {
            ok: false,
            reason: `no run "${o.runId}" on ${o.env} — To fix: copy the run id from the run's reply or \`flowops runs list --env ${o.env}\` [FLOW_RUN_NOT_FOUND]`,
          };
        }
        throw ApplicationFailure.nonRetryable(describeIssue(err), 'FLOW_TEMPORAL_UNREACHABLE');
      }
    },

    /** git (at `sha`) against an environment: `flowops plan`'s entries (unchanged workflows left out). */
    async plan(o: { repo: RepoRef; sha: string; env: string }): Promise<EnvPlan> {
      const defs = await deps.definitions(o.repo, o.sha);
      try {
        return planRows(await planAgainst(o.env, o.repo, defs.sha, defs.workflows, { gitSha: defs.sha }));
      } catch (err) {
        return { env: o.env, rows: [], error: `could not read ${o.env}: ${describeIssue(err)}` };
      }
    },

    /** Where each environment differs from git at `sha` (the default branch): `flowops drift`'s items. */
    async drift(o: { repo: RepoRef; sha: string; envs: string[] }): Promise<{ rows: DriftRow[]; errors: string[] }> {
      const defs = await deps.definitions(o.repo, o.sha);
      const rows: DriftRow[] = [];
      const errors: string[] = [];
      for (const env of o.envs) {
        try {
          const plan = await planAgainst(env, o.repo, defs.sha, defs.workflows, { gitSha: defs.sha, capabilities: false });
          rows.push(...driftRows(env, driftFromPlan(plan, o.sha)));
        } catch (err) {
          errors.push(`${env}: ${describeIssue(err)}`);
        }
      }
      return { rows, errors };
    },

    /**
     * The base branch's policy (never the head's) over the head's workflows, once per configured
     * environment but `local`, with the waivers recorded for the head; undefined: no policy file.
     */
    async policy(o: {
      repo: RepoRef;
      baseRef: string;
      headSha: string;
      changedSteps: Record<string, string[] | 'all'>;
      waivers: PolicyWaiver[];
    }): Promise<PolicyVerdict | undefined> {
      if (!deps.policy) return undefined;
      const head = await deps.definitions(o.repo, o.headSha);
      const base = await deps.definitions(o.repo, o.baseRef).catch(() => undefined);
      // No policy file on the base (its definitions are cached): no second checkout.
      if (base && !base.policyHash) return undefined;
      const configured = Object.entries(deps.environments.config.environments).filter(([name]) => name !== 'local');
      const workflows = head.workflows.map((w) => ({ ir: w.ir, file: w.file }));
      const waivers = o.waivers.filter((w) => w.sha === o.headSha);
      const inputs = configured.map(([name, env]) => ({
        workflows,
        environment: name,
        production: isProtectedEnvironment(name, env),
        changedSteps: o.changedSteps,
        waivers,
      }));
      return deps.policy(o.repo, { base: o.baseRef, headSha: o.headSha, changed: head.policyHash !== base?.policyHash, inputs });
    },

    /** What changed between base and head (for the report a rerequest rebuilds); a workflow that no longer compiles counts. */
    async changedWorkflows(o: {
      repo: RepoRef;
      headSha: string;
      baseRef: string;
    }): Promise<{ workflows: ChangedWorkflow[]; diagnostics: DefinitionSet['diagnostics']; fixtures: Record<string, FixtureInput[]> }> {
      const head = await deps.definitions(o.repo, o.headSha);
      const base = await deps.definitions(o.repo, o.baseRef).catch(() => undefined);
      const fixtures: Record<string, FixtureInput[]> = {};
      for (const w of head.workflows) fixtures[w.name] = Object.entries(w.fixtures).map(([name, input]) => ({ name, input }));
      return { workflows: changedBetween(base, head).map(changedWorkflow), diagnostics: head.diagnostics, fixtures };
    },
  };
}

export type FlowopsActivities = ReturnType<typeof createFlowopsActivities>;
