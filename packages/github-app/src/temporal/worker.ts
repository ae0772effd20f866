/**
 * The App's system worker: the workflows in `src/workflows` and the GitHub / flowops
 * activities, on the `flowops-github` task queue.
 * @module
 */
import { fileURLToPath } from 'node:url';
import { type NativeConnection, Worker, type WorkflowBundle, bundleWorkflowCode } from '@temporalio/worker';

export const WORKFLOWS_PATH = fileURLToPath(new URL('../workflows/index.ts', import.meta.url));

/** Default concurrency of the App's worker (Temporal's defaults are 200 / 40). */
export const WORKER_LIMITS = { activities: 20, workflowTasks: 10 } as const;

let bundle: Promise<WorkflowBundle> | undefined;
export function appWorkflowBundle(): Promise<WorkflowBundle> {
  const quiet = { log() {}, trace() {}, debug() {}, info() {}, warn() {}, error() {} };
  bundle ??= bundleWorkflowCode({ workflowsPath: WORKFLOWS_PATH, logger: quiet as never }).catch((err: unknown) => {
    bundle = undefined;
    throw err;
  });
  return bundle;
}

export async function createAppWorker(o: { connection: NativeConnection; namespace: string; taskQueue: string; activities: object; identity?: string; maxActivities?: number; maxWorkflowTasks?: number }): Promise<Worker> {
  return Worker.create({
    connection: o.connection,
    namespace: o.namespace,
    taskQueue: o.taskQueue,
    workflowBundle: await appWorkflowBundle(),
    activities: o.activities,
    ...(o.identity ? { identity: o.identity } : {}),
    shutdownGraceTime: '10s',
    // Activities clone and compile on this event loop: cap them so workflow tasks (and the
    // heartbeat of running activities) still get their turn under a burst of webhooks.
    maxConcurrentActivityTaskExecutions: o.maxActivities ?? WORKER_LIMITS.activities,
    maxConcurrentWorkflowTaskExecutions: o.maxWorkflowTasks ?? WORKER_LIMITS.workflowTasks,
  });
}
