/**
 * The registry, seen from a client: publish, activate, deactivate (updates, started on demand
 * with update-with-start), the memo index (DescribeWorkflowExecution: consistent and needs no
 * worker), summaries and definitions (queries: need a system worker), and listing (visibility).
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
  definitionQuery,
  publishUpdate,
  registryWorkflowId,
  summaryQuery,
} from '../workflows/registry/types';

export interface RegistryOptions {
  /** Task queue of the system workflows (default `flowops-system`). */
  systemTaskQueue?: string;
  /** Continue-as-new threshold passed to newly started registry workflows. */
  maxChanges?: number;
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
    return this.change(`publish ${name}@${cmd.version}`, () =>
      this.client.workflow.executeUpdateWithStart(publishUpdate, { args: [cmd], startWorkflowOperation }),
    );
  }

  async activate(name: string, cmd: ActivateCommand): Promise<Result<ChangeResult>> {
    return this.change(
      `activate ${name}@${cmd.version}`,
      () => this.client.workflow.getHandle(registryWorkflowId(name)).executeUpdate(activateUpdate, { args: [cmd] }),
      name,
    );
  }

  async deactivate(name: string, cmd: DeactivateCommand): Promise<Result<ChangeResult>> {
    return this.change(
      `deactivate ${name}`,
      () => this.client.workflow.getHandle(registryWorkflowId(name)).executeUpdate(deactivateUpdate, { args: [cmd] }),
      name,
    );
  }

  private async change(what: string, run: () => Promise<ChangeResult>, name?: string): Promise<Result<ChangeResult>> {
    try {
      return ok(await run());
    } catch (error) {
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

  /** Versions, active version and audit log (query: needs a system worker). */
  async summary(name: string): Promise<RegistrySummary | undefined> {
    return this.query(name, () => this.client.workflow.getHandle(registryWorkflowId(name)).query(summaryQuery));
  }

  /** IR of `version`, or of the active version. */
  async definition(name: string, version?: string): Promise<Workflow | undefined> {
    const ir = await this.query(name, () => this.client.workflow.getHandle(registryWorkflowId(name)).query(definitionQuery, ...(version ? [version] : [])));
    return ir ?? undefined;
  }

  private async query<T>(name: string, run: () => Promise<T>): Promise<T | undefined> {
    try {
      return await run();
    } catch (error) {
      if (isNotFound(error)) return undefined;
      const what = `could not query the registry of ${name}`;
      throw new FlowError(await explainStuck(this.client, registryWorkflowId(name), what, () => unreachable(error, what)));
    }
  }

  /** Every registry workflow in the namespace with its memo index (visibility: eventually consistent). */
  async list(): Promise<RegistryIndex[]> {
    const out: RegistryIndex[] = [];
    try {
      const query = `WorkflowType = '${REGISTRY_WORKFLOW_TYPE}' AND ExecutionStatus = 'Running'`;
      for await (const wf of this.client.workflow.list({ query })) {
        const index = wf.memo?.flowops as RegistryIndex | undefined;
        if (index) out.push(index);
      }
    } catch (error) {
      throw new FlowError(unreachable(error, 'could not list the registry'));
    }
    return out;
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
