/**
 * The App's system worker: the workflows in `src/workflows` and the GitHub / flowops
 * activities, on the `flowops-github` task queue, with the App environment's data converter.
 * @module
 */
import { fileURLToPath } from 'node:url';
import type { DataConverter } from '@temporalio/common';
import { type NativeConnection, Worker, type WorkflowBundle, bundleWorkflowCode } from '@temporalio/worker';

export const WORKFLOWS_PATH = fileURLToPath(new URL('../workflows/index.ts', import.meta.url));

/** Default concurrency of the App's worker (Temporal's defaults are 200 / 40). */
export const WORKER_LIMITS = { activities: 20, workflowTasks: 10 } as const;

const bundles = new Map<string, Promise<WorkflowBundle>>();

/**
 * The App's workflow bundle, built once per process and failure converter. Pass the data
 * converter's `failureConverterPath` (set when the environment has codec keys) so failures raised
 * in the App's workflows are encrypted too.
 */
export function appWorkflowBundle(failureConverterPath?: string | undefined): Promise<WorkflowBundle> {
  const quiet = { log() {}, trace() {}, debug() {}, info() {}, warn() {}, error() {} };
  const key = failureConverterPath ?? '';
  let bundle = bundles.get(key);
  if (!bundle) {
    bundle = bundleWorkflowCode({ workflowsPath: WORKFLOWS_PATH, logger: quiet as never, ...(failureConverterPath ? { failureConverterPath } : {}) }).catch(
      (err: unknown) => {
        bundles.delete(key);
        throw err;
      },
    );
    bundles.set(key, bundle);
  }
  return bundle;
}

export interface AppWorkerOptions {
  connection: NativeConnection;
  namespace: string;
  taskQueue: string;
  activities: object;
  identity?: string;
  maxActivities?: number;
  maxWorkflowTasks?: number;
  /**
   * The App environment's data converter (`dataConverterForEnvironment`): with codec keys,
   * payloads, failure messages and stack traces are encrypted. Must match the clients that start
   * the App's workflows (webhook server, `flowops dry-run --report`).
   */
  dataConverter?: DataConverter | undefined;
}

/** The App's system worker (call `run()` yourself). */
export async function createAppWorker(o: AppWorkerOptions): Promise<Worker> {
  return Worker.create({
    connection: o.connection,
    namespace: o.namespace,
    taskQueue: o.taskQueue,
    workflowBundle: await appWorkflowBundle(o.dataConverter?.failureConverterPath),
    activities: o.activities,
    ...(o.dataConverter ? { dataConverter: o.dataConverter } : {}),
    ...(o.identity ? { identity: o.identity } : {}),
    shutdownGraceTime: '10s',
    // Activities clone and compile on this event loop: cap them so workflow tasks (and the
    // heartbeat of running activities) still get their turn under a burst of webhooks.
    maxConcurrentActivityTaskExecutions: o.maxActivities ?? WORKER_LIMITS.activities,
    maxConcurrentWorkflowTaskExecutions: o.maxWorkflowTasks ?? WORKER_LIMITS.workflowTasks,
  });
}
