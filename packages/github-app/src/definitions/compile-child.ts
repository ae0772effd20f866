/**
 * Entry of the compile sandbox's child process (`sandbox.ts` starts it under Node's permission
 * model with `ts-register.mjs`): compile the tree in the working directory and write one JSON
 * line `{ ok, set | message }` to stdout. Whatever the workflow modules print goes to stderr.
 * Modules are imported natively (the TypeScript hooks are registered), never through tsx.
 * @module
 */
import { writeSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import type { ModuleLoader } from '@flowops/compiler';
import { compileLinkedTree } from './compile-tree';

const out = (value: unknown) => writeSync(1, `${JSON.stringify(value)}\n`);
// Module output must not corrupt the result on stdout.
console.log = console.info = console.debug = console.error;
process.stdout.write = process.stderr.write.bind(process.stderr) as typeof process.stdout.write;
process.setSourceMapsEnabled(true);

let version = 0;
const loader: ModuleLoader = {
  async import(file, fresh = false) {
    const url = pathToFileURL(file).href + (fresh ? `?v=${++version}` : '');
    return (await import(url)) as Record<string, unknown>;
  },
  async close() {},
};

const sha = process.argv[2] ?? '';
try {
  out({ ok: true, set: await compileLinkedTree(process.cwd(), sha, loader) });
} catch (err) {
  const text = err instanceof Error ? err.message : String(err);
  out({ ok: false, message: (text.split('\n').find((l) => l.trim() !== '') ?? text).trim() });
}
