/**
 * Loading that always ends, for what loads in the command's own process, through the real
 * `flowops` binary in fresh temporary git repositories: a `flowops.config.ts` with an endless loop
 * at its top level (read by the plugin catalog in `check`, by the CLI's config loader in
 * `runs list`), and a plugin package listed in the config whose module never finishes. Each ends
 * within the limit with its coded error on stderr, naming the file or the package, and a
 * non-zero exit; a config that loads is unaffected.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';

const repo = path.resolve(import.meta.dirname, '../../..');
const bin = path.join(repo, 'packages/cli/bin/flowops.js');
const base = mkdtempSync(path.join(tmpdir(), 'flowops-load-guard-'));
afterAll(() => rmSync(base, { recursive: true, force: true }));

const LIMIT_MS = 1500;
const SPIN_CONFIG = [
  "import { defineConfig } from '@flowops/sdk';",
  'while (true) {}',
  'export default defineConfig({ environments: { local: {} } });',
  '',
].join('\n');

/** A fresh git repository whose node_modules links the monorepo's packages (plus `extra` files). */
function repository(name: string, files: Record<string, string>): string {
  const root = path.join(base, name);
  mkdirSync(path.join(root, 'node_modules'), { recursive: true });
  // Linked entry by entry, so a test's own packages (and the compile cache) stay in this repository.
  for (const entry of readdirSync(path.join(repo, 'node_modules'))) {
    if (!entry.startsWith('.')) symlinkSync(path.join(repo, 'node_modules', entry), path.join(root, 'node_modules', entry));
  }
  for (const [file, text] of Object.entries({ 'package.json': '{ "name": "t", "private": true, "type": "module" }\n', ...files })) {
    mkdirSync(path.dirname(path.join(root, file)), { recursive: true });
    writeFileSync(path.join(root, file), text);
  }
  mkdirSync(path.join(root, 'workflows'), { recursive: true });
  execFileSync('git', ['init', '-q'], { cwd: root });
  return root;
}

function flowops(root: string, argv: string[]) {
  const started = performance.now();
  const r = spawnSync(process.execPath, [bin, ...argv], {
    cwd: root,
    encoding: 'utf8',
    timeout: 60_000,
    env: { ...process.env, NO_COLOR: '1', FLOWOPS_LOAD_TIMEOUT_MS: String(LIMIT_MS), FLOWOPS_TEMPORAL_ADDRESS: '127.0.0.1:1' },
  });
  return { ...r, ms: performance.now() - started };
}

/** Ended by the watchdog: killed (not by the test's timeout), after the limit, the coded line on stderr. */
function expectStopped(r: ReturnType<typeof flowops>, line: RegExp): void {
  expect(r.error, 'flowops hung and the test killed it').toBeUndefined();
  expect(r.status === 0, r.stderr).toBe(false);
  expect(r.signal).toBe('SIGKILL');
  expect(r.ms).toBeGreaterThanOrEqual(LIMIT_MS);
  expect(r.stderr).toMatch(line);
  expect(r.stderr).not.toMatch(/\n\s+at /);
}

describe('in-process loads end within FLOWOPS_LOAD_TIMEOUT_MS', () => {
  test('a flowops.config.ts that never finishes loading: check (plugin catalog) and runs list (CLI config)', { timeout: 200_000 }, () => {
    const root = repository('spin-config', { 'flowops.config.ts': SPIN_CONFIG });
    const message = (verb: string) =>
      new RegExp(
        `^flowops ${verb}: flowops\\.config\\.ts did not finish loading within 1\\.5 s — To fix: look for an endless loop .*FLOWOPS_LOAD_TIMEOUT_MS.* \\[FLOW_CONFIG_INVALID\\]$`,
        'm',
      );
    expectStopped(flowops(root, ['check', '--format', 'json']), message('check'));
    expectStopped(flowops(root, ['runs', 'list', '--env', 'local']), message('runs'));
  });

  test('a plugin listed in flowops.config.ts whose module never finishes loading: check names the package', { timeout: 200_000 }, () => {
    const root = repository('spin-plugin', {
      'flowops.config.ts':
        "import { defineConfig } from '@flowops/sdk';\nexport default defineConfig({ environments: { local: {} }, plugins: ['@acme/plugin-spin'] });\n",
      'node_modules/@acme/plugin-spin/package.json': '{ "name": "@acme/plugin-spin", "type": "module", "main": "index.js" }\n',
      'node_modules/@acme/plugin-spin/index.js': 'while (true) {}\nexport default {};\n',
    });
    expectStopped(
      flowops(root, ['check', '--format', 'json']),
      /^flowops check: plugin package @acme\/plugin-spin did not finish loading within 1\.5 s — To fix: look for an endless loop or a blocking call at the top level of node_modules\/@acme\/plugin-spin\/index\.js .*remove "@acme\/plugin-spin" from `plugins` in flowops\.config\.ts.* \[FLOW_LOAD_ERROR\]$/m,
    );
  });

  test('a config that loads is not stopped, even when its command outlives the limit', { timeout: 200_000 }, () => {
    const root = repository('fine-config', {
      'flowops.config.ts': "import { defineConfig } from '@flowops/sdk';\nexport default defineConfig({ environments: { local: {} } });\n",
      'workflows/fine/package.json': '{ "name": "@t/fine", "version": "1.0.0", "private": true, "type": "module" }\n',
      'workflows/fine/workflow.ts': [
        "import { defineWorkflow, step } from '@flowops/sdk';",
        "import log from '@flowops/plugin-log';",
        "import { z } from 'zod';",
        "export default defineWorkflow({ name: 'fine', owner: '@acme/sre', input: z.object({}), defaults: { retry: { maxAttempts: 3 }, timeout: '30s' },",
        "  steps: () => [step('hello', log.write({ message: 'hello' }))] });",
        '',
      ].join('\n'),
    });
    const r = flowops(root, ['check', '--format', 'json']);
    expect(r.signal, r.stderr).toBeNull();
    expect(r.status, r.stdout + r.stderr).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({ workflows: [{ name: 'fine' }] });
    // The type-check alone takes longer than the limit: settled loads are not watched any more.
    expect(r.ms).toBeGreaterThan(LIMIT_MS);
  });
});

describe('withLoadLimit in a process that did not opt in (a test runner, a library user)', () => {
  test('never ends the process: a slow load just finishes', async () => {
    const { withLoadLimit } = await import('./load-guard');
    const overrun = () => ({ code: 'FLOW_LOAD_ERROR' as const, message: 'slow did not finish loading' });
    await expect(withLoadLimit(overrun, () => new Promise((resolve) => setTimeout(() => resolve('loaded'), 400)), { timeoutMs: 50 })).resolves.toBe('loaded');
  });
});
