/**
 * The interpreter's workflow bundle: prebuilt by `npm run build:bundle`, or built once per machine
 * and cached on disk (`bundle-store.ts`), and shared by every worker the process creates. Its
 * sha256 is what the worker's build id is derived from (`versioning/worker-version.ts`).
 * @module
 */
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import type { WorkflowBundle } from '@temporalio/worker';
import { type BundleFile, type BundleLookup, type BundleSpec, workflowBundleFile } from './bundle-store';

const source = fileURLToPath(new URL('../workflows/index.ts', import.meta.url));
/** Entry file of the workflow bundle (exports `flowopsInterpreter`): the source, or the built JS in dist/. */
export const WORKFLOWS_PATH: string = existsSync(source) ? source : fileURLToPath(new URL('../workflows/index.js', import.meta.url));

/**
 * Stateless libraries the interpreter imports, evaluated once per worker thread instead of once per
 * workflow run (the SDK's reusable V8 context otherwise gives each run its own module cache): zod
 * and @flowops/core. The SDK deep-freezes what it preloads. zod's string formats reset `lastIndex`
 * on its shared RegExp constants, which throws once they are frozen, so the run-input check gives
 * every schema its own copies (`ownPatterns` in workflows/input-check.ts). No effect on commands.
 */
export const PRELOADED_MODULES: readonly string[] = ['zod', '@flowops/core'];

/** The interpreter bundle's spec: its entry and, when payloads are encrypted, the failure converter. */
export function interpreterSpec(failureConverterPath?: string | undefined): BundleSpec {
  return {
    name: 'interpreter',
    workflowsPath: WORKFLOWS_PATH,
    preloadModules: [...PRELOADED_MODULES],
    ...(failureConverterPath ? { failureConverterPath } : {}),
  };
}

const files = new Map<string, Promise<BundleFile>>();

/**
 * The interpreter bundle as a file for `workflowBundle: { codePath }` (webpack runs only when no
 * prebuilt or cached bundle matches the sources). Pass the data converter's `failureConverterPath`
 * (set when payloads are encrypted) so failures raised in the interpreter are encoded too.
 */
export function interpreterBundleFile(failureConverterPath?: string | undefined, lookup: BundleLookup = {}): Promise<BundleFile> {
  const key = `${failureConverterPath ?? ''}\0${lookup.prebuiltDir ?? ''}\0${lookup.cacheDir ?? ''}`;
  let file = files.get(key);
  if (!file) {
    file = workflowBundleFile(interpreterSpec(failureConverterPath), lookup);
    file.catch(() => files.delete(key));
    files.set(key, file);
  }
  return file;
}

/** The interpreter bundle's code (same file as `interpreterBundleFile`), e.g. for replay. */
export async function interpreterBundle(failureConverterPath?: string | undefined, lookup: BundleLookup = {}): Promise<WorkflowBundle & { code: string }> {
  const { codePath } = await interpreterBundleFile(failureConverterPath, lookup);
  return { code: await readFile(codePath, 'utf8') };
}
