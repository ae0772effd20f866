/**
 * `createFlowopsWorker`: a Temporal worker that runs the interpreter workflow and one activity per
 * plugin action it carries. Shutdown on SIGINT/SIGTERM is handled by the Temporal Runtime
 * (its default `shutdownSignals`): polling stops, in-flight activities get `shutdownGraceTime`.
 * @module
 */
import type { PluginImplementation } from '@flowops/sdk';
import type { DataConverter } from '@temporalio/common';
import { type NativeConnection, Worker, type WorkerOptions } from '@temporalio/worker';
import { type ActionSpec, type ActivityDeps, actionSpecs, activitiesFromSpecs } from '../activities';
import { type FlowopsMetrics, workflowMetricsWorkerOptions } from '../metrics';
import { interpreterBundleFile } from './bundle';
import type { BundleLookup } from './bundle-store';

export interface FlowopsWorkerOptions extends ActivityDeps {
  connection: NativeConnection;
  namespace?: string | undefined;
  taskQueue: string;
  /** Plugin implementations whose actions this worker serves. */
  plugins?: PluginImplementation[] | undefined;
  /** Extra actions (test mocks); they win over plugins with the same `uses`. */
  actions?: ActionSpec[] | undefined;
  dataConverter?: DataConverter | undefined;
  identity?: string | undefined;
  /**
   * Run as this worker deployment version (the interpreter is PINNED: a run stays on the version
   * it started on). Unset: an unversioned worker (tests, embedded use).
   */
  versioning?: { deploymentName: string; buildId: string } | undefined;
  /** Where to find the prebuilt bundle (default: the package's dist/) and the bundle cache (default: ~/.cache/flowops/bundles). */
  bundles?: BundleLookup | undefined;
  /** Run-level metrics (runs, durations, step attempts, queue time, approvals) go here; unset: none recorded. */
  metrics?: FlowopsMetrics | undefined;
  /** Passed through to `Worker.create` (e.g. `maxConcurrentActivityTaskExecutions`, `shutdownGraceTime`). */
  workerOptions?: Partial<WorkerOptions> | undefined;
}

export interface FlowopsWorker {
  worker: Worker;
  /** The `<plugin>.<action>@<major>` names served. */
  actions: string[];
}

export async function createFlowopsWorker(options: FlowopsWorkerOptions): Promise<FlowopsWorker> {
  const specs = new Map<string, ActionSpec>();
  for (const s of actionSpecs(options.plugins ?? [])) specs.set(s.uses, s);
  for (const s of options.actions ?? []) specs.set(s.uses, s);
  const activities = activitiesFromSpecs([...specs.values()], options);
  const worker = await Worker.create({
    connection: options.connection,
    namespace: options.namespace ?? 'default',
    taskQueue: options.taskQueue,
    // Prebuilt or cached (no webpack at start); built with the data converter's failure converter,
    // so failures raised in the interpreter are encrypted too.
    workflowBundle: { codePath: (await interpreterBundleFile(options.dataConverter?.failureConverterPath, options.bundles)).codePath },
    activities,
    ...(options.dataConverter ? { dataConverter: options.dataConverter } : {}),
    ...(options.identity ? { identity: options.identity } : {}),
    shutdownGraceTime: '10s',
    // Heartbeats reach the server at least every 5 s (the SDK's default throttle is 80% of the heartbeat
    // timeout): a killed worker's action is then declared lost ~20 s after its death, not ~36 s.
    maxHeartbeatThrottleInterval: '5s',
    ...(options.versioning
      ? { workerDeploymentOptions: { useWorkerVersioning: true, version: options.versioning, defaultVersioningBehavior: 'PINNED' } as const }
      : {}),
    ...workflowMetricsWorkerOptions(options.metrics?.workflows),
    ...options.workerOptions,
  });
  return { worker, actions: [...specs.keys()].sort() };
}
