/**
 * The per-task-queue capability record: workers signal heartbeats with the actions they serve.
 * Records older than ten TTLs are dropped; history is bounded by continue-as-new.
 * @module
 */
import { allHandlersFinished, condition, setHandler, upsertMemo, workflowInfo } from '@temporalio/workflow';
import { continueOn, moveHandler } from '../system-queue';
import { CAPABILITY_TTL_MS, type CapabilitiesArgs, type WorkerCapability, capabilitiesQuery, heartbeatSignal, leaveSignal } from './types';

export async function flowopsCapabilities(args: CapabilitiesArgs): Promise<void> {
  const workers = new Map<string, WorkerCapability>((args.workers ?? []).map((w) => [w.identity, w]));
  let signals = 0;
  const moveTo = moveHandler();
  const prune = (now: number): void => {
    for (const [id, w] of workers) if (now - w.lastSeen > 10 * CAPABILITY_TTL_MS) workers.delete(id);
  };
  // The memo mirrors the records so readers can use DescribeWorkflowExecution (no worker needed).
  const publish = (): void => upsertMemo({ flowopsCapabilities: [...workers.values()] });
  setHandler(heartbeatSignal, ({ identity, actions, at }) => {
    signals += 1;
    const previous = workers.get(identity);
    if (previous && previous.lastSeen > at) return; // late delivery of an older heartbeat
    workers.set(identity, { identity, actions: [...new Set(actions)].sort(), lastSeen: at });
    prune(Math.max(at, Date.now()));
    publish();
  });
  setHandler(leaveSignal, ({ identity }) => {
    signals += 1;
    workers.delete(identity);
    publish();
  });
  setHandler(capabilitiesQuery, () => [...workers.values()]);
  await condition(() => signals >= 1000 || workflowInfo().continueAsNewSuggested || moveTo() !== undefined);
  await condition(allHandlersFinished);
  await continueOn<typeof flowopsCapabilities>(moveTo())({ taskQueue: args.taskQueue, workers: [...workers.values()] });
}
