/**
 * Where the system workflows run, and how they leave the old shared queue. Each worker
 * deployment has its own system task queue (`flowops-system.<deploymentName>`), so one
 * environment's versioned system worker never receives another's registry. Registry, keys and
 * capability workflows started by earlier releases run on the shared `flowops-system` queue: a
 * writer (or a starting worker) of a deployment asks them to move (`moveUpdate`), and they
 * continue-as-new onto its queue. Sandbox-safe: `@temporalio/workflow` only.
 * @module
 */
import { type Workflow, continueAsNew, defineUpdate, makeContinueAsNewFunc, setHandler } from '@temporalio/workflow';
import { SYSTEM_TASK_QUEUE } from './registry/types';

/** Prefix of the per-deployment system task queues. */
export const SYSTEM_TASK_QUEUE_PREFIX = `${SYSTEM_TASK_QUEUE}.`;

/**
 * The system task queue of a worker deployment.
 * @example systemTaskQueueFor('flowops-flowops') // 'flowops-system.flowops-flowops'
 */
export function systemTaskQueueFor(deploymentName: string): string {
  return `${SYSTEM_TASK_QUEUE_PREFIX}${deploymentName}`;
}

/**
 * Ask a system workflow on the shared `flowops-system` queue to continue-as-new onto `taskQueue`.
 * An update, not a signal: a worker of an earlier release (no handler) rejects it without a trace
 * in history, so its later tasks never replay a move it did not make.
 */
export const moveUpdate = defineUpdate<void, [{ taskQueue: string }]>('flowopsMove');

/**
 * Install the move handler; the returned function reads the queue asked for (undefined: stay).
 * Senders ask only runs on the shared queue (`moveOffSharedQueue` checks first); a move onto the
 * shared queue is refused. The decision depends on the update alone, never on the worker's task
 * queue, so a history replays the same anywhere (the replay gate runs on a queue of its own).
 */
export function moveHandler(): () => string | undefined {
  let moveTo: string | undefined;
  setHandler(
    moveUpdate,
    ({ taskQueue }) => {
      moveTo = taskQueue;
    },
    {
      validator: ({ taskQueue }) => {
        if (!taskQueue || taskQueue === SYSTEM_TASK_QUEUE) throw new Error(`cannot move onto "${taskQueue}"`);
      },
    },
  );
  return () => moveTo;
}

/** Continue-as-new on the same task queue, or onto `taskQueue` (a move off the shared queue). */
export function continueOn<F extends Workflow>(taskQueue: string | undefined): (...args: Parameters<F>) => Promise<never> {
  return taskQueue ? makeContinueAsNewFunc<F>({ taskQueue }) : (...args) => continueAsNew<F>(...args);
}
