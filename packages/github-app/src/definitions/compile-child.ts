/**
 * Entry of the compile sandbox's child process (`sandbox.ts` starts it inside the OS sandbox, under
 * Node's permission model, with `ts-require.cjs`): compile the tree in the working directory and
 * write one JSON line `{ ok, set | message }` to stdout. Whatever the workflow modules print goes
 * to stderr. Modules are loaded through CommonJS in the main thread (`ts-require.cjs` transpiles
 * TypeScript), since the sandbox allows no worker threads. No top-level await: this file runs as
 * CommonJS.
 * @module
 */
import { compileLinkedTree } from './compile-tree';
import { answer, cwdLoader, failureLine, moveModuleOutputToStderr } from './child-io';

moveModuleOutputToStderr();
const loader = cwdLoader();

async function main(sha: string): Promise<void> {
  try {
    answer({ ok: true, set: await compileLinkedTree(process.cwd(), sha, loader) });
  } catch (err) {
    answer({ ok: false, message: failureLine(err) });
  }
}

void main(process.argv[2] ?? '');
