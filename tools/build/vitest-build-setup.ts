/**
 * Vitest global setup (both projects): bring the packages' dist/ up to date before any test runs.
 * Tests import @flowops/* from source (the `@flowops/source` condition in vitest.config.ts), but the
 * `flowops` binary and the child processes tests spawn run plain Node, which resolves them to
 * dist/. The build is incremental: about half a second when nothing changed.
 * @module
 */
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

/**
 * Runs tools/build/build.mjs once per test run, tolerant of type/syntax errors tsc reports (it
 * warns; what tsc emitted is still published); a build that cannot run at all fails the run.
 */
export default function setup(): void {
  execFileSync(process.execPath, [fileURLToPath(new URL('./build.mjs', import.meta.url)), '--tolerant'], { stdio: 'inherit' });
}
