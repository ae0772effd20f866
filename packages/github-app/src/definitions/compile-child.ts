/**
 * Entry of the compile sandbox's child process (`sandbox.ts` starts it inside the OS sandbox, under
 * Node's permission model, with `ts-require.cjs`): compile the tree in the working directory and
 * write one JSON line `{ ok, set | message }` to stdout. Whatever the workflow modules print goes
 * to stderr. Modules are loaded through CommonJS in the main thread (`ts-require.cjs` transpiles
 * TypeScript), since the sandbox allows no worker threads. No top-level await: this file runs as
 * CommonJS.
 * @module
 */
import { writeSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { ModuleLoader } from '@flowops/compiler';
import { compileLinkedTree } from './compile-tree';

const out = (value: unknown) => writeSync(1, `${JSON.stringify(value)}\n`);
// Module output must not corrupt the result on stdout.
console.log = console.info = console.debug = console.error;
process.stdout.write = process.stderr.write.bind(process.stderr) as typeof process.stdout.write;
process.setSourceMapsEnabled(true);

const load = createRequire(`${process.cwd()}/`);
const loader: ModuleLoader = {
  async import(file, fresh = false) {
    if (fresh) delete load.cache[file];
    return load(file) as Record<string, unknown>;
  },
  async close() {},
};

async function main(sha: string): Promise<void> {
  try {
    out({ ok: true, set: await compileLinkedTree(process.cwd(), sha, loader) });
  } catch (err) {
    const text = err instanceof Error ? err.message : String(err);
    out({ ok: false, message: (text.split('\n').find((l) => l.trim() !== '') ?? text).trim() });
  }
}

void main(process.argv[2] ?? '');
