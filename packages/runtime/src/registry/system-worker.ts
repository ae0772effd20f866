/**
 * A worker for the flowops system workflows (registry, keys, capabilities) on a system task queue
 * (a deployment's `flowops-system.<deploymentName>`, or the shared `flowops-system` of earlier releases).
 * The CLI runs one in-process for the duration of a command, so publishing needs nothing
 * deployed beforehand; long-lived workers can run one too. The workflow bundle comes from the
 * bundle store (prebuilt by `npm run build:bundle`, or built once and cached under
 * ~/.cache/flowops/bundles while the files it was built from are unchanged).
 * @module
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { DataConverter } from '@temporalio/common';
import type { NativeConnection, Worker } from '@temporalio/worker';
import { type BundleSpec, workflowBundleFile } from '../worker/bundle-store';
import { SYSTEM_TASK_QUEUE } from '../workflows/registry/types';

const HERE = dirname(fileURLToPath(import.meta.url));
const SANDBOX = join(HERE, '..', 'workflows');
/** The system workflows' entry: the source, or the built JS when running from dist/. */
const WORKFLOWS = existsSync(join(SANDBOX, 'system.ts')) ? join(SANDBOX, 'system.ts') : join(SANDBOX, 'system.js');

/** The system workflows' bundle spec (the same store as the interpreter's: prebuilt, cached, or built once). */
export function systemSpec(failureConverterPath?: string | undefined): BundleSpec {
  return { name: 'system', workflowsPath: WORKFLOWS, ...(failureConverterPath ? { failureConverterPath } : {}) };
}

const bundles = new Map<string, Promise<string>>();

/**
 * The system workflows' bundle code: prebuilt (`npm run build:bundle`), else cached on disk, else
 * built once (`worker/bundle-store.ts`). Pass the data converter's `failureConverterPath` (set when
 * payloads are encrypted) so failures raised in the system workflows are encoded too.
 */
export function systemWorkflowBundle(failureConverterPath?: string | undefined): Promise<string> {
  const key = failureConverterPath ?? '';
  let bundle = bundles.get(key);
  if (!bundle) {
    bundle = workflowBundleFile(systemSpec(failureConverterPath)).then((f) => readFileSync(f.codePath, 'utf8'));
    bundle.catch(() => bundles.delete(key));
    bundles.set(key, bundle);
  }
  return bundle;
}

export interface SystemWorkerOptions {
  connection: NativeConnection;
  namespace: string;
  taskQueue?: string;
  /**
   * Short-lived worker (the CLI): no workflow cache, so no sticky queue outlives the process
   * and the next worker picks tasks up at once. Histories are short (continue-as-new).
   */
  ephemeral?: boolean;
  identity?: string;
  /** The environment's payload codec: memo and update payloads must decode on both sides. */
  dataConverter?: DataConverter;
  /**
   * Poll as this worker deployment version (`flowops worker`: the same version as its interpreter
   * worker, on the deployment's system queue). The system workflows are AUTO_UPGRADE: they follow
   * the deployment's current version. Unset: an unversioned worker.
   */
  versioning?: { deploymentName: string; buildId: string } | undefined;
}

export interface RunningSystemWorker {
  worker: Worker;
  stop(): Promise<void>;
}

/** Create a worker for the system workflows (call `run()` yourself). */
export async function createSystemWorker(options: SystemWorkerOptions): Promise<Worker> {
  const { Worker } = await import('@temporalio/worker'); // loaded on demand: importing the runtime stays cheap
  return Worker.create({
    connection: options.connection,
    namespace: options.namespace,
    taskQueue: options.taskQueue ?? SYSTEM_TASK_QUEUE,
    workflowBundle: { code: await systemWorkflowBundle(options.dataConverter?.failureConverterPath) },
    ...(options.identity ? { identity: options.identity } : {}),
    ...(options.dataConverter ? { dataConverter: options.dataConverter } : {}),
    ...(options.ephemeral ? { maxCachedWorkflows: 0, maxConcurrentWorkflowTaskExecutions: 20 } : {}),
    // AUTO_UPGRADE as the worker's default, not setWorkflowOptions in the workflows: the same bundle
    // runs on unversioned workers (the shared queue, the CLI's in-process worker), where the server
    // refuses a task completion that names a versioning behavior.
    ...(options.versioning
      ? { workerDeploymentOptions: { useWorkerVersioning: true, version: options.versioning, defaultVersioningBehavior: 'AUTO_UPGRADE' } as const }
      : {}),
  });
}

/** Create and run a system worker until `stop()`. */
export async function startSystemWorker(options: SystemWorkerOptions): Promise<RunningSystemWorker> {
  const worker = await createSystemWorker(options);
  const running = worker.run();
  return {
    worker,
    async stop() {
      if (worker.getState() === 'RUNNING') worker.shutdown();
      await running;
    },
  };
}
