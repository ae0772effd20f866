/**
 * Workers advertise the plugin actions they serve; plan and publish read which are live.
 * @module
 */
import { FlowError, type Workflow, walkSteps } from '@flowops/core';
import type { Client } from '@temporalio/client';
import { decodeFromPayloadsAtIndex } from '@temporalio/common/lib/internal-non-workflow';
import { isNotFound, unreachable } from '../registry/errors';
import { moveOffSharedQueue } from '../registry/shared-queue';
import { SYSTEM_TASK_QUEUE } from '../workflows/registry/types';
import {
  CAPABILITIES_WORKFLOW_TYPE,
  CAPABILITY_HEARTBEAT_MS,
  CAPABILITY_TTL_MS,
  type CapabilitiesArgs,
  type HeartbeatSignal,
  type WorkerCapability,
  capabilitiesWorkflowId,
  heartbeatSignal,
  leaveSignal,
} from '../workflows/capabilities/types';

export interface CapabilityOptions {
  /** The task queue the worker's plugin activities run on (the environment's `taskQueue`). */
  taskQueue: string;
  systemTaskQueue?: string;
}

/** Record once that `identity` serves `actions` on `taskQueue` (signal-with-start). */
export async function recordCapabilities(client: Client, opts: CapabilityOptions & { identity: string; actions: string[]; at?: number }): Promise<void> {
  const args: CapabilitiesArgs = { taskQueue: opts.taskQueue };
  await client.workflow.signalWithStart(CAPABILITIES_WORKFLOW_TYPE, {
    workflowId: capabilitiesWorkflowId(opts.taskQueue),
    taskQueue: opts.systemTaskQueue ?? SYSTEM_TASK_QUEUE,
    args: [args],
    signal: heartbeatSignal,
    signalArgs: [{ identity: opts.identity, actions: opts.actions, at: opts.at ?? Date.now() }],
  });
}

/**
 * Heartbeat this worker's actions until `stop()` (which also withdraws them). Call it when a
 * worker starts polling; a failed heartbeat is retried on the next tick.
 * @example
 * const beat = await startCapabilityHeartbeat(client, { taskQueue: 'flowops', identity: worker.options.identity, actions: ['http.request@1'] });
 * // … on shutdown
 * await beat.stop();
 */
export async function startCapabilityHeartbeat(
  client: Client,
  opts: CapabilityOptions & { identity: string; actions: string[]; intervalMs?: number },
): Promise<{ stop(): Promise<void> }> {
  await recordCapabilities(client, opts);
  // A record of an earlier release on the shared queue moves to ours (served by a system worker there).
  if (opts.systemTaskQueue) await moveOffSharedQueue(client, capabilitiesWorkflowId(opts.taskQueue), opts.systemTaskQueue, { wait: false }).catch(() => {});
  const timer = setInterval(() => {
    recordCapabilities(client, opts).catch(() => {});
  }, opts.intervalMs ?? CAPABILITY_HEARTBEAT_MS);
  timer.unref();
  return {
    async stop() {
      clearInterval(timer);
      await client.workflow
        .getHandle(capabilitiesWorkflowId(opts.taskQueue))
        .signal(leaveSignal, { identity: opts.identity })
        .catch(() => {});
    },
  };
}

/**
 * Workers whose heartbeat is younger than the TTL. Read from the memo (DescribeWorkflowExecution)
 * when the record has no unprocessed signals; otherwise from the record's history (its start
 * state and every heartbeat and leave signal, applied as the workflow applies them), so no
 * worker is needed either way.
 */
export async function liveWorkers(client: Client, opts: CapabilityOptions & { ttlMs?: number; now?: number }): Promise<WorkerCapability[]> {
  let workers: WorkerCapability[];
  const handle = client.workflow.getHandle(capabilitiesWorkflowId(opts.taskQueue));
  try {
    const d = await handle.describe();
    const memo = d.memo?.flowopsCapabilities as WorkerCapability[] | undefined;
    if (memo && !d.raw.pendingWorkflowTask && d.status.name === 'RUNNING') workers = memo;
    else workers = await workersFromHistory(client, opts.taskQueue);
  } catch (error) {
    if (isNotFound(error)) return [];
    throw new FlowError(unreachable(error, `could not read the plugin capabilities of task queue "${opts.taskQueue}"`));
  }
  const now = opts.now ?? Date.now();
  return workers.filter((w) => now - w.lastSeen <= (opts.ttlMs ?? CAPABILITY_TTL_MS));
}

/** The capability records of the current run, replayed from its history (start state + signals). */
async function workersFromHistory(client: Client, taskQueue: string): Promise<WorkerCapability[]> {
  const history = await client.workflow.getHandle(capabilitiesWorkflowId(taskQueue)).fetchHistory();
  const converter = client.options.loadedDataConverter;
  const workers = new Map<string, WorkerCapability>();
  for (const e of history.events ?? []) {
    const started = e.workflowExecutionStartedEventAttributes?.input?.payloads;
    if (started?.length) {
      const args = await decodeFromPayloadsAtIndex<CapabilitiesArgs>(converter, 0, started);
      for (const w of args?.workers ?? []) workers.set(w.identity, w);
      continue;
    }
    const signal = e.workflowExecutionSignaledEventAttributes;
    if (!signal?.input?.payloads?.length) continue;
    if (signal.signalName === heartbeatSignal.name) {
      const { identity, actions, at } = await decodeFromPayloadsAtIndex<HeartbeatSignal>(converter, 0, signal.input.payloads);
      const previous = workers.get(identity);
      if (!previous || previous.lastSeen <= at) workers.set(identity, { identity, actions: [...new Set(actions)].sort(), lastSeen: at });
    } else if (signal.signalName === leaveSignal.name) {
      workers.delete((await decodeFromPayloadsAtIndex<{ identity: string }>(converter, 0, signal.input.payloads)).identity);
    }
  }
  return [...workers.values()];
}

/** The set of actions some live worker serves. */
export async function servedActions(client: Client, opts: CapabilityOptions & { ttlMs?: number }): Promise<Set<string>> {
  return new Set((await liveWorkers(client, opts)).flatMap((w) => w.actions));
}

/** Every `uses` (steps and compensations) of a definition, sorted. */
export function usesOf(ir: Workflow): string[] {
  const out = new Set<string>();
  for (const { step } of walkSteps(ir.steps)) {
    if (step.type !== 'action') continue;
    out.add(step.uses);
    if (step.compensate) out.add(step.compensate.uses);
  }
  return [...out].sort();
}

/** The `uses` of `ir` that no live worker serves. */
export function missingActions(ir: Workflow, served: ReadonlySet<string>): string[] {
  return usesOf(ir).filter((u) => !served.has(u));
}
