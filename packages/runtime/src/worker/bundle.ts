/**
 * The interpreter's workflow bundle, built once per process (webpack takes seconds) and reused by
 * every worker the process creates.
 * @module
 */
import { fileURLToPath } from 'node:url';
import { type WorkflowBundle, bundleWorkflowCode } from '@temporalio/worker';

/** Entry file of the workflow bundle (exports `flowopsInterpreter`). */
export const WORKFLOWS_PATH = fileURLToPath(new URL('../workflows/index.ts', import.meta.url));

const cached = new Map<string, Promise<WorkflowBundle>>();

/**
 * The bundle of `WORKFLOWS_PATH`; the first call builds it, later calls share the result. Pass the
 * data converter's `failureConverterPath` (set when payloads are encrypted) so failures raised in
 * the interpreter are encoded too; one bundle is built per path.
 */
export function interpreterBundle(failureConverterPath?: string | undefined): Promise<WorkflowBundle> {
  const key = failureConverterPath ?? '';
  let bundle = cached.get(key);
  if (!bundle) {
    bundle = bundleWorkflowCode({
      workflowsPath: WORKFLOWS_PATH,
      ...(failureConverterPath ? { failureConverterPath } : {}),
      logger: { log() {}, trace() {}, debug() {}, info() {}, warn() {}, error() {} } as never,
    }).catch((err: unknown) => {
      cached.delete(key);
      throw err;
    });
    cached.set(key, bundle);
  }
  return bundle;
}
