/**
 * Moving a system workflow off the shared `flowops-system` queue of earlier releases onto the
 * writer's per-deployment system queue, before a write: signal it (`moveSignal`), then wait until
 * its new run is on the target queue. Needs a worker of this release on the shared queue for that
 * one task (`flowops worker` and the CLI's in-process system worker poll it while such workflows
 * exist).
 * @module
 */
import { FlowError } from '@flowops/core';
import type { Client } from '@temporalio/client';
import { SYSTEM_TASK_QUEUE } from '../workflows/registry/types';
import { moveSignal } from '../workflows/system-queue';
import { isNotFound, unreachable } from './errors';

const DEFAULT_MOVE_TIMEOUT_MS = 15_000;

/**
 * When `workflowId` runs on the shared queue and `target` is another queue, move it to `target`
 * (continue-as-new, state carried) and wait for it (`wait: false`: only ask). No-op otherwise:
 * not running, already elsewhere, or `target` is the shared queue itself. A run on another
 * deployment's queue is never moved.
 */
export async function moveOffSharedQueue(
  client: Client,
  workflowId: string,
  target: string,
  o: { timeoutMs?: number | undefined; wait?: boolean | undefined } = {},
): Promise<void> {
  const timeoutMs = o.timeoutMs ?? DEFAULT_MOVE_TIMEOUT_MS;
  if (target === SYSTEM_TASK_QUEUE) return;
  const handle = client.workflow.getHandle(workflowId);
  const onShared = async (): Promise<boolean> => {
    try {
      const d = await handle.describe();
      return d.status.name === 'RUNNING' && d.taskQueue === SYSTEM_TASK_QUEUE;
    } catch (error) {
      if (isNotFound(error)) return false;
      throw new FlowError(unreachable(error, `could not describe ${workflowId}`));
    }
  };
  if (!(await onShared())) return;
  await handle.signal(moveSignal, { taskQueue: target });
  if (o.wait === false) return;
  const until = Date.now() + timeoutMs;
  while (await onShared()) {
    if (Date.now() > until) {
      throw new FlowError({
        code: 'FLOW_SYSTEM_QUEUE_MOVE',
        message: `${workflowId} still runs on the shared task queue "${SYSTEM_TASK_QUEUE}" of earlier flowops releases: no worker of this release moved it to "${target}" within ${Math.round(timeoutMs / 1000)} s`,
        hint: `run \`flowops worker\` of this release for the environment (it serves "${SYSTEM_TASK_QUEUE}" while workflows remain there), or let the command start its own (unset FLOWOPS_SYSTEM_WORKER=0)`,
      });
    }
    await new Promise((r) => setTimeout(r, 200));
  }
}

/** Whether any system workflow still runs on the shared queue (one visibility count). */
export async function sharedQueueInUse(client: Client): Promise<boolean> {
  try {
    const { count } = await client.workflow.count(`TaskQueue = '${SYSTEM_TASK_QUEUE}' AND ExecutionStatus = 'Running'`);
    return count > 0;
  } catch {
    return false;
  }
}
