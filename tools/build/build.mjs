#!/usr/bin/env node
// Build every @flowops/* package in one go: `tsc -b tsconfig.build.json` (incremental: ~0.2 s when
// nothing changed; `noCheck`, type errors are the type-check step's job) and then finish-dist for
// each package. The vitest global setup runs it before tests so the `flowops` binary and the child
// processes tests spawn (which resolve @flowops/* to dist/) run the current source. Several test
// runs may start at once on a shared tree: a lock directory serialises the builds.
// Usage: node tools/build/build.mjs [--tolerant]
// `npm run build` (turbo, per package) does the same work package by package.
import { execFileSync } from 'node:child_process';
import { mkdirSync, rmSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { finishPackage, packageDirs } from './finish-dist.mjs';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
const LOCK = join(ROOT, 'node_modules', '.cache', 'flowops-build.lock');
const STALE_MS = 5 * 60_000;

function lock() {
  mkdirSync(dirname(LOCK), { recursive: true });
  const deadline = Date.now() + 10 * 60_000;
  for (;;) {
    try {
      mkdirSync(LOCK);
      return;
    } catch {
      try {
        if (Date.now() - statSync(LOCK).mtimeMs > STALE_MS) rmSync(LOCK, { recursive: true, force: true });
      } catch {}
      if (Date.now() > deadline) throw new Error(`another build holds ${LOCK}`);
      Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 200);
    }
  }
}

/**
 * Build all packages; throws when tsc reports errors. `tolerant` (the test setup) warns instead and
 * still publishes what tsc emitted (tsc emits despite errors): on a shared tree one package's
 * half-written file must not stop every test run; the tests and the type-check show the problem.
 */
export function buildAll({ tolerant = false } = {}) {
  lock();
  try {
    const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');
    try {
      execFileSync(process.execPath, [tsc, '-b', join(ROOT, 'tsconfig.build.json')], { cwd: ROOT, stdio: tolerant ? 'pipe' : 'inherit', encoding: 'utf8' });
    } catch (err) {
      if (!tolerant) throw err;
      const out = `${err.stdout ?? ''}${err.stderr ?? ''}`.trim().split('\n').slice(0, 20).join('\n');
      process.stderr.write(`[flowops] the build reported errors; tests run against what it emitted:\n${out}\n`);
    }
    for (const dir of packageDirs(ROOT)) finishPackage(dir);
  } finally {
    rmSync(LOCK, { recursive: true, force: true });
  }
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  try {
    buildAll({ tolerant: process.argv.includes('--tolerant') });
  } catch (err) {
    process.stderr.write(
      `build failed: ${err instanceof Error ? err.message.split('\n')[0] : String(err)} — To fix: run \`npx tsc -b tsconfig.build.json\` and fix what it reports [FLOW_NOT_BUILT]\n`,
    );
    process.exit(1);
  }
}
