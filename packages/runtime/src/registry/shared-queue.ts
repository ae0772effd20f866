/**
 * Moving a system workflow off the shared `flowops-system` queue of earlier releases onto the
 * writer's per-deployment system queue, before a write: ask it (`moveUpdate`), then wait until its
 * new run is on the target queue. Needs a worker of this release on the shared queue for that one
 * task (`flowops worker` and the CLI's in-process system worker poll it while such workflows
 * exist); otherwise the workflow stays, and is written where it is.
 * @module
 */
import { FlowError } from '@flowops/core';
import type { Client } from '@temporalio/client';
import { SYSTEM_TASK_QUEUE } from '../workflows/registry/types';
import { moveUpdate } from '../workflows/system-queue';
import { isNotFound, unreachable } from './errors';

const DEFAULT_MOVE_TIMEOUT_MS = 10_000;

/**
 * When `workflowId` runs on the shared queue and `target` is another queue, ask it to move to
 * `target` (continue-as-new, state carried) and wait (≤ `timeoutMs`) until it has; `wait: false`
 * only asks. Best effort: a worker of an earlier release on the shared queue refuses the move (it
 * has no handler), and then the workflow stays where it is — the write that follows goes there,
 * and a later write moves it. Returns whether it now runs on `target`. No-op (false) when it is
 * not running, already elsewhere (a run on another deployment's queue is never moved), or
 * `target` is the shared queue itself.
 */
export async function moveOffSharedQueue(
  client: Client,
  workflowId: string,
  target: string,
  o: { timeoutMs?: number | undefined; wait?: boolean | undefined } = {},
): Promise<boolean> {
  if (target === SYSTEM_TASK_QUEUE) return false;
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
  if (!(await onShared())) return false;
  const asked = handle.executeUpdate(moveUpdate, { args: [{ taskQueue: target }] });
  if (o.wait === false) {
    asked.catch(() => undefined);
    return false;
  }
  const until = Date.now() + (o.timeoutMs ?? DEFAULT_MOVE_TIMEOUT_MS);
  const accepted = await within(until - Date.now(), asked).catch(() => false);
  if (!accepted) return false; // refused (an earlier release's worker) or no worker in time: stay
  while (await onShared()) {
    if (Date.now() > until) return false;
    await new Promise((r) => setTimeout(r, 200));
  }
  return true;
}

/** `p` resolved to true within `ms`, else false (p keeps running; its outcome is ignored). */
async function within(ms: number, p: Promise<unknown>): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<boolean>((r) => {
    timer = setTimeout(() => r(false), Math.max(0, ms));
  });
  p.catch(() => undefined);
  try {
    return await Promise.race([p.then(() => true), late]);
  } finally {
    clearTimeout(timer);
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
