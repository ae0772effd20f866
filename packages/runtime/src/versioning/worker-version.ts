/**
 * The deployment version a `flowops worker` runs as, from its environment and the bundles it
 * serves (the interpreter and the system workflows).
 * @module
 */
import { systemWorkflowBundle } from '../registry/system-worker';
import { interpreterBundle } from '../worker/bundle';
import { deploymentNameFor, workerBuildId } from './build-id';

/** A worker deployment version. */
export interface WorkerVersion {
  deploymentName: string;
  buildId: string;
}

/**
 * The version of a worker on `taskQueue`: deployment `deploymentName` (or `flowops-<taskQueue>`),
 * build id from the flowops release and both workflow bundles (built with the environment's
 * failure converter, exactly as the worker runs them).
 */
export async function workerVersion(o: {
  taskQueue: string;
  deploymentName?: string | undefined;
  failureConverterPath?: string | undefined;
}): Promise<WorkerVersion> {
  const [interpreter, system] = await Promise.all([interpreterBundle(o.failureConverterPath), systemWorkflowBundle(o.failureConverterPath)]);
  return { deploymentName: deploymentNameFor(o.taskQueue, o.deploymentName), buildId: workerBuildId([interpreter.code, system]) };
}
