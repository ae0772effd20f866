/**
 * Loading that always ends, through the real `flowops` binary: a module with an endless loop at
 * its top level gets FLOW_LOAD_ERROR "did not finish loading within …" and the other workflows
 * are still checked; a syntax error is one diagnostic at its real line and column.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, expect, test } from 'vitest';

const repo = path.resolve(import.meta.dirname, '../../..');
const bin = path.join(repo, 'packages/cli/bin/flowops.js');
const root = mkdtempSync(path.join(tmpdir(), 'flowops-load-timeout-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

function workflow(name: string, body: string): void {
  const dir = path.join(root, 'workflows', name);
  mkdirSync(dir, { recursive: true });
  writeFileSync(path.join(dir, 'package.json'), JSON.stringify({ name: `@t/${name}`, version: '1.0.0', private: true, type: 'module' }));
  writeFileSync(path.join(dir, 'workflow.ts'), body);
}

symlinkSync(path.join(repo, 'node_modules'), path.join(root, 'node_modules'));
workflow(
  'a-spin',
  [
    "import { defineWorkflow } from '@flowops/sdk';",
    "import { z } from 'zod';",
    'while (true) {}',
    "export default defineWorkflow({ name: 'a-spin', owner: '@acme/sre', input: z.object({}), steps: () => [] });",
    '',
  ].join('\n'),
);
workflow(
  'b-broken',
  [
    "import { defineWorkflow } from '@flowops/sdk';",
    "import { z } from 'zod';",
    "export default defineWorkflow({ name: 'b-broken', owner: '@acme/sre', input: z.object({}),",
    '  steps: () => [)] });',
    '',
  ].join('\n'),
);
workflow(
  'c-fine',
  [
    "import { defineWorkflow, step } from '@flowops/sdk';",
    "import http from '@flowops/plugin-http';",
    "import { z } from 'zod';",
    "export default defineWorkflow({ name: 'c-fine', owner: '@acme/sre', input: z.object({}), defaults: { retry: { maxAttempts: 3 }, timeout: '30s' },",
    "  steps: () => [step('fetch', http.get({ url: 'https://example.com' }))] });",
    '',
  ].join('\n'),
);

interface Report {
  workflows: { name: string }[];
  diagnostics: { code: string; file: string; line: number; column: number; message: string }[];
}

test('flowops check stops a module that never finishes loading and checks the others', { timeout: 240_000 }, () => {
  const started = performance.now();
  const r = spawnSync(process.execPath, [bin, 'check', '--format', 'json'], {
    cwd: root,
    encoding: 'utf8',
    timeout: 200_000,
    env: { ...process.env, NO_COLOR: '1', FLOWOPS_LOAD_TIMEOUT_MS: '2000' },
  });
  expect(r.signal, 'flowops check hung and was killed').toBeNull();
  expect(r.status, r.stderr).toBe(1);
  const report = JSON.parse(r.stdout) as Report;
  expect(report.workflows.map((w) => w.name)).toEqual(['c-fine']);
  const spin = report.diagnostics.filter((d) => d.file === 'workflows/a-spin/workflow.ts');
  expect(spin).toEqual([
    expect.objectContaining({ code: 'FLOW_LOAD_ERROR', line: 1, column: 1, message: 'workflows/a-spin/workflow.ts did not finish loading within 2 s' }),
  ]);
  // One diagnostic for the syntax error (not esbuild's plus TypeScript's cascade), at its position.
  const broken = report.diagnostics.filter((d) => d.file === 'workflows/b-broken/workflow.ts');
  expect(broken).toEqual([expect.objectContaining({ code: 'FLOW_LOAD_ERROR', line: 4, column: 17, message: 'syntax error: Unexpected ")"' })]);
  expect(report.diagnostics.map((d) => `${d.file}:${d.line} ${d.code} ${d.message}`)).toEqual([
    expect.stringContaining('a-spin'),
    expect.stringContaining('b-broken'),
  ]);
  expect(performance.now() - started).toBeLessThan(200_000);
});
