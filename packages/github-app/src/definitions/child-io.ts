/**
 * What the sandbox's children (`compile-child.ts`, `policy-child.ts`) share: one JSON line on
 * stdout as their answer, everything the loaded modules print moved to stderr, and a CommonJS
 * loader in the main thread (the sandbox allows no worker threads; `ts-require.cjs` transpiles).
 * @module
 */
import { writeSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { ModuleLoader } from '@flowops/compiler';

/** Write the child's answer: one JSON line on the real stdout. */
export function answer(value: unknown): void {
  writeSync(1, `${JSON.stringify(value)}\n`);
}

/** Module output must not corrupt the answer on stdout: console and stdout go to stderr. */
export function moveModuleOutputToStderr(): void {
  console.log = console.info = console.debug = console.error;
  process.stdout.write = process.stderr.write.bind(process.stderr) as typeof process.stdout.write;
  process.setSourceMapsEnabled(true);
}

/** Loads modules of the working directory's tree through CommonJS `require`. */
export function cwdLoader(): ModuleLoader {
  const load = createRequire(`${process.cwd()}/`);
  return {
    async import(file, fresh = false) {
      if (fresh) delete load.cache[file];
      return load(file) as Record<string, unknown>;
    },
    async close() {},
  };
}

/** The first non-empty line of what was thrown (never a stack). */
export function failureLine(err: unknown): string {
  const text = err instanceof Error ? err.message : String(err);
  return (text.split('\n').find((l) => l.trim() !== '') ?? text).trim();
}
