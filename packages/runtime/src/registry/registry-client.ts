/**
 * The registry, seen from a client: publish, activate, deactivate (updates, started on demand
 * with update-with-start: a system worker applies them), and reads that need no worker: the memo
 * index of one workflow (DescribeWorkflowExecution: consistent), every index at once (visibility:
 * one paged ListWorkflowExecutions), summaries and definitions (the registry workflow's history).
 * @module
 */
import { FlowError, type Result, type Workflow, fail, ok } from '@flowops/core';
import { type Client, WithStartWorkflowOperation } from '@temporalio/client';
import { explainStuck } from '../client/task-failure';
import { isNotFound, unreachable, updateRefusal } from './errors';
import {
  type ActivateCommand,
  type ChangeResult,
  type DeactivateCommand,
  type PublishCommand,
  REGISTRY_WORKFLOW_TYPE,
  type RegistryArgs,
  type RegistryIndex,
  type RegistrySummary,
  SYSTEM_TASK_QUEUE,
  activateUpdate,
  deactivateUpdate,
  publishUpdate,
  registryWorkflowId,
} from '../workflows/registry/types';
import { definitionIn, readRegistryHistory, summaryIn } from './registry-history';
import { moveOffSharedQueue } from './shared-queue';

/** Registry indexes per ListWorkflowExecutions page (the server's default maximum). */
const LIST_PAGE_SIZE = 1000;

export interface RegistryOptions {
  /** Task queue of the system workflows (default `flowops-system`). */
  systemTaskQueue?: string;
  /** Continue-as-new threshold passed to newly started registry workflows. */
  maxChanges?: number;
  /**
   * How long one registry write may wait for a system worker to apply it (default 60 s, or
   * FLOWOPS_REGISTRY_TIMEOUT_MS). An update waits for a worker on the registry's task queue; when
   * none polls it any more the write would otherwise wait forever.
   */
  writeTimeoutMs?: number;
}

const DEFAULT_WRITE_TIMEOUT_MS = 60_000;

/** `run()`, or a rejection after `ms` (the pending call is abandoned; its connection is closed by the caller). */
function within<T>(ms: number, run: () => Promise<T>, late: () => Error): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(late()), ms);
  });
  return Promise.race([run(), timeout]).finally(() => clearTimeout(timer));
}

export class Registry {
  readonly systemTaskQueue: string;
  constructor(
    readonly client: Client,
    private readonly options: RegistryOptions = {},
  ) {
    this.systemTaskQueue = options.systemTaskQueue ?? SYSTEM_TASK_QUEUE;
  }

  /** Register `name@version` (immutable; same hash again is a no-op) and, by default, activate it. */
  async publish(cmd: PublishCommand): Promise<Result<ChangeResult>> {
    const name = cmd.ir.name;
    const args: RegistryArgs = { name, ...(this.options.maxChanges ? { maxChanges: this.options.maxChanges } : {}) };
    const startWorkflowOperation = new WithStartWorkflowOperation(REGISTRY_WORKFLOW_TYPE, {
      workflowId: registryWorkflowId(name),
      taskQueue: this.systemTaskQueue,
      args: [args],
      workflowIdConflictPolicy: 'USE_EXISTING',
      memo: { flowops: { name, active: null, activeHash: null, activeGitSha: null, versions: {}, auditTotal: 0 } satisfies RegistryIndex },
    });
    return this.change(`publish ${name}@${cmd.version}`, async () => {
      await moveOffSharedQueue(this.client, registryWorkflowId(name), this.systemTaskQueue);
      return this.client.workflow.executeUpdateWithStart(publishUpdate, { args: [cmd], startWorkflowOperation });
    });
  }

  async activate(name: string, cmd: ActivateCommand): Promise<Result<ChangeResult>> {
    return this.change(
      `activate ${name}@${cmd.version}`,
      async () => {
        await moveOffSharedQueue(this.client, registryWorkflowId(name), this.systemTaskQueue);
        return this.client.workflow.getHandle(registryWorkflowId(name)).executeUpdate(activateUpdate, { args: [cmd] });
      },
      name,
    );
  }

  async deactivate(name: string, cmd: DeactivateCommand): Promise<Result<ChangeResult>> {
    return this.change(
      `deactivate ${name}`,
      async () => {
        await moveOffSharedQueue(this.client, registryWorkflowId(name), this.systemTaskQueue);
        return this.client.workflow.getHandle(registryWorkflowId(name)).executeUpdate(deactivateUpdate, { args: [cmd] });
      },
      name,
    );
  }

  private async change(what: string, run: () => Promise<ChangeResult>, name?: string): Promise<Result<ChangeResult>> {
    const ms = this.options.writeTimeoutMs ?? (Number(process.env.FLOWOPS_REGISTRY_TIMEOUT_MS) || DEFAULT_WRITE_TIMEOUT_MS);
    const late = (): FlowError =>
      new FlowError({
        code: 'FLOW_TEMPORAL_UNREACHABLE',
        message: `could not ${what}: no system worker applied it within ${Math.round(ms / 1000)} s (task queue "${this.systemTaskQueue}", namespace ${this.client.options.namespace})`,
        hint: `run a worker for this environment (\`flowops worker --env <env>\`), or let the command start its own (unset FLOWOPS_SYSTEM_WORKER=0); a registry workflow started on a task queue nothing serves any more waits for one`,
      });
    try {
      return ok(await within(ms, run, late));
    } catch (error) {
      if (error instanceof FlowError) {
        if (!name) throw error;
        throw new FlowError(await explainStuck(this.client, registryWorkflowId(name), `could not ${what}`, () => error.issues[0]!));
      }
      const refusal = updateRefusal(error);
      if (refusal) return fail(refusal);
      if (name && isNotFound(error)) {
        return fail({
          code: 'FLOW_UNKNOWN_WORKFLOW',
          message: `${name} has never been published to this namespace`,
          hint: 'publish it first with `flowops publish`',
        });
      }
      if (!name) throw new FlowError(unreachable(error, `could not ${what}`));
      throw new FlowError(await explainStuck(this.client, registryWorkflowId(name), `could not ${what}`, () => unreachable(error, `could not ${what}`)));
    }
  }

  /** The memo index of one workflow: consistent, no worker needed. Undefined when never published. */
  async index(name: string): Promise<RegistryIndex | undefined> {
    try {
      const d = await this.client.workflow.getHandle(registryWorkflowId(name)).describe();
      return (d.memo?.flowops as RegistryIndex | undefined) ?? undefined;
    } catch (error) {
      if (isNotFound(error)) return undefined;
      throw new FlowError(unreachable(error, `could not read the registry of ${name}`));
    }
  }

  /** Versions, active version and audit log, rebuilt from the registry workflow's history (no worker needed). */
  async summary(name: string): Promise<RegistrySummary | undefined> {
    return this.fromHistory(name, summaryIn);
  }

  /**
   * IR of `version` (of the active version when omitted) as published, from the registry
   * workflow's history (no worker needed); undefined when unknown or not in the current run.
   */
  async definition(name: string, version?: string): Promise<Workflow | undefined> {
    return this.fromHistory(name, (h) => {
      const summary = summaryIn(h);
      const v = version ?? summary.active;
      if (v === null) return undefined;
      const hash = summary.versions.find((r) => r.version === v)?.hash;
      return hash === undefined ? undefined : definitionIn(h, v, hash);
    });
  }

  private async fromHistory<T>(name: string, read: (h: Awaited<ReturnType<typeof readRegistryHistory>>) => T): Promise<T | undefined> {
    try {
      return read(await readRegistryHistory(this.client, name));
    } catch (error) {
      if (isNotFound(error)) return undefined;
      throw new FlowError(unreachable(error, `could not read the registry of ${name}`));
    }
  }

  /**
   * Every registry workflow in the namespace with its memo index: one ListWorkflowExecutions,
   * pages of up to 1 000 (visibility: eventually consistent — `publish` waits until its own
   * changes are visible, see `waitVisible`).
   */
  async list(): Promise<RegistryIndex[]> {
    const out: RegistryIndex[] = [];
    try {
      const query = `WorkflowType = '${REGISTRY_WORKFLOW_TYPE}' AND ExecutionStatus = 'Running'`;
      for await (const wf of this.client.workflow.list({ query, pageSize: LIST_PAGE_SIZE })) {
        const index = wf.memo?.flowops as RegistryIndex | undefined;
        if (index) out.push(index);
      }
    } catch (error) {
      throw new FlowError(unreachable(error, 'could not list the registry'));
    }
    return out;
  }
  /**
   * Wait (bounded) until visibility shows every index in `want` at least as far as its
   * `auditTotal`: after a publish, the next `list()` (a plan) sees its own changes. Returns
   * false when the time ran out (the changes are made; visibility is just late).
   */
  async waitVisible(want: readonly RegistryIndex[], timeoutMs = 10_000): Promise<boolean> {
    const until = Date.now() + timeoutMs;
    let pending = [...want];
    while (pending.length > 0) {
      const seen = new Map((await this.list()).map((i) => [i.name, i.auditTotal]));
      pending = pending.filter((w) => (seen.get(w.name) ?? -1) < w.auditTotal);
      if (pending.length === 0) return true;
      if (Date.now() > until) return false;
      await new Promise((r) => setTimeout(r, 100));
    }
    return true;
  }
}

/**
 * The active definition of `name` in the client's namespace — what `flowops run <workflow>`
 * without a version runs.
 * @example
 * const active = await getActiveDefinition(client, 'deploy-service');
 * if (active.ok) await startRun(client, active.value.ir, input);
 */
export async function getActiveDefinition(
  client: Client,
  name: string,
  options: RegistryOptions = {},
): Promise<Result<{ version: string; hash: string; ir: Workflow }>> {
  const registry = new Registry(client, options);
  const index = await registry.index(name);
  if (!index?.active || !index.activeHash) {
    return fail({
      code: 'FLOW_UNKNOWN_WORKFLOW',
      message: index ? `${name} has no active version (it was deactivated)` : `${name} has never been published to namespace "${client.options.namespace}"`,
      hint: 'publish it with `flowops publish --env <env>`, or pass an explicit version',
    });
  }
  const ir = await registry.definition(name, index.active);
  if (!ir) return fail({ code: 'FLOW_UNKNOWN_VERSION', message: `${name}@${index.active}: definition not available`, hint: 'publish it again from git' });
  return ok({ version: index.active, hash: index.activeHash, ir });
}
