/**
 * Reading the registry from a workflow's history instead of a query, so no worker has to run:
 * the current run's start input carries the state (with the definitions) continued from the
 * previous run, and each accepted `publish` update carries the definition it published. Used for
 * definitions (plan's semantic diffs, `flowops run --env`) and the summary (`flowops versions`).
 * The histories are bounded by the registry's continue-as-new.
 * @module
 */
import type { Workflow } from '@flowops/core';
import type { Client } from '@temporalio/client';
import { decodeFromPayloadsAtIndex } from '@temporalio/common/lib/internal-non-workflow';
import type { ChangeResult, PublishCommand, RegistryArgs, RegistryState, RegistrySummary, VersionRecord } from '../workflows/registry/types';
import { MAX_AUDIT, indexOf, initialState } from '../workflows/registry/state';
import { registryWorkflowId } from '../workflows/registry/types';

/** What the current run's history says about the registry of one workflow. */
export interface RegistryHistory {
  /** State the run started with (continued from the previous run), or the initial state. */
  start: RegistryState;
  /** Every publish command the run accepted, in order. */
  published: PublishCommand[];
  /** Every change the run completed successfully, in order. */
  completed: ChangeResult[];
}

type Payloads = { payloads?: unknown[] | null } | null | undefined;

/**
 * Read the current run of `name`'s registry workflow: start state, accepted publishes and completed
 * changes. Undefined when the workflow does not exist. Payloads go through the client's data
 * converter (the environment's codec). Transport errors are thrown as they come.
 */
export async function readRegistryHistory(client: Client, name: string): Promise<RegistryHistory> {
  const history = await client.workflow.getHandle(registryWorkflowId(name)).fetchHistory();
  const converter = client.options.loadedDataConverter;
  const decode = async <T>(p: Payloads): Promise<T | undefined> =>
    p?.payloads?.length ? decodeFromPayloadsAtIndex<T>(converter, 0, p.payloads as never) : undefined;
  let start = initialState(name);
  const published: PublishCommand[] = [];
  const completed: ChangeResult[] = [];
  for (const e of history.events ?? []) {
    const started = e.workflowExecutionStartedEventAttributes;
    if (started) {
      const args = await decode<RegistryArgs>(started.input);
      if (args?.state) start = args.state;
      continue;
    }
    const accepted = e.workflowExecutionUpdateAcceptedEventAttributes?.acceptedRequest?.input;
    if (accepted?.name === 'publish') {
      const cmd = await decode<PublishCommand>(accepted.args);
      if (cmd) published.push(cmd);
      continue;
    }
    const outcome = e.workflowExecutionUpdateCompletedEventAttributes?.outcome;
    if (outcome?.success) {
      const result = await decode<ChangeResult>(outcome.success);
      if (result && Array.isArray(result.events)) completed.push(result);
    }
  }
  return { start, published, completed };
}

/**
 * The definition of `version` as published with `hash`: from the start state or an accepted
 * publish whose hash is `hash` (a refused publish of other content never matches).
 */
export function definitionIn(h: RegistryHistory, version: string, hash: string | undefined): Workflow | undefined {
  const startHash = h.start.versions.find((v) => v.version === version)?.hash;
  const candidates = [
    { ir: h.start.definitions[version], hash: startHash },
    ...h.published.filter((c) => c.version === version).map((c) => ({ ir: c.ir, hash: c.hash })),
  ].reverse();
  return candidates.find((c) => c.ir !== undefined && (hash === undefined || c.hash === hash))?.ir;
}

/**
 * The registry summary (versions, active version, audit log) rebuilt from the start state and the
 * completed changes — what the `summary` query answers, without a worker.
 */
export function summaryIn(h: RegistryHistory): RegistrySummary {
  const { definitions: _d, ...state } = h.start;
  const versions: VersionRecord[] = state.versions.map((v) => ({ ...v }));
  const audit = [...state.audit];
  let { active, auditTotal } = state;
  for (const r of h.completed) {
    for (const e of r.events) {
      audit.push(e);
      auditTotal = Math.max(auditTotal, e.seq);
      if (e.kind === 'publish' && e.version && e.hash && !versions.some((v) => v.version === e.version)) {
        versions.push({ version: e.version, hash: e.hash, publishedAt: e.at, actor: e.actor, source: e.source, ...(e.gitSha ? { gitSha: e.gitSha } : {}) });
      }
    }
    active = r.index.active;
  }
  const kept = audit.slice(-MAX_AUDIT);
  const activeHash = indexOf({ ...h.start, versions, active }).activeHash;
  return { ...state, versions, active, activeHash, audit: kept, auditTotal };
}
