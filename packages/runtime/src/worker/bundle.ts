/**
 * The interpreter's workflow bundle, built once per process (webpack takes seconds) and reused by
 * every worker the process creates.
 * @module
 */
import { fileURLToPath } from 'node:url';
import { type WorkflowBundle, bundleWorkflowCode } from '@temporalio/worker';

/** Entry file of the workflow bundle (exports `flowopsInterpreter`). */
export const WORKFLOWS_PATH = fileURLToPath(new URL('../workflows/index.ts', import.meta.url));

let cached: Promise<WorkflowBundle> | undefined;

/** The bundle of `WORKFLOWS_PATH`; the first call builds it, later calls share the result. */
export function interpreterBundle(): Promise<WorkflowBundle> {
  cached ??= bundleWorkflowCode({
    workflowsPath: WORKFLOWS_PATH,
    logger: { log() {}, trace() {}, debug() {}, info() {}, warn() {}, error() {} } as never,
  }).catch((err: unknown) => {
    cached = undefined;
    throw err;
  });
  return cached;
}
