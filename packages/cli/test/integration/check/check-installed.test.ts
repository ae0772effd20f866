/**
 * `flowops check` in a repository laid out as a user's, through the real binary: `@flowops/*`
 * installed as from npm (package.json and dist/, no src/ — generate.ts `layout: 'user'`), so the
 * type-check sees their `.d.ts`. It checks cleanly (it used to fail with FLOW_INTERNAL looking for
 * src/), and a clean workflow costs the `flowops` process no TypeScript: positions are computed,
 * and TypeScript loaded, only for a workflow that has a diagnostic (a CommonJS preload records
 * what the main thread required; the type-check itself runs in its own thread).
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, expect, test } from 'vitest';
import { generateTree } from '../../../../../tools/bench/generate';
import { BIN, MONOREPO } from '../gitops/repo';

const root = mkdtempSync(path.join(tmpdir(), 'flowops-check-installed-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));
const tree = generateTree(2, MONOREPO, root, { layout: 'user' });
const preload = path.join(root, 'record-required.cjs');
writeFileSync(
  preload,
  "process.on('exit', () => require('node:fs').writeFileSync(process.env.FLOWOPS_TEST_REQUIRED, Object.keys(require.cache).join('\\n')));\n",
);

/** `flowops check --format json` (cache off: everything is loaded and checked); what the main thread required. */
function check(): { code: number | null; report: { workflows: unknown[]; diagnostics: { code: string; line?: number }[] }; required: string[]; err: string } {
  const log = path.join(root, 'required.log');
  writeFileSync(log, '');
  const r = spawnSync(process.execPath, ['--require', preload, BIN, 'check', '--format', 'json', '--no-cache'], {
    cwd: root,
    encoding: 'utf8',
    timeout: 240_000,
    env: { ...process.env, NO_COLOR: '1', CI: '', FLOWOPS_TEST_REQUIRED: log },
  });
  return { code: r.status, report: JSON.parse(r.stdout || '{}'), required: readFileSync(log, 'utf8').split('\n').filter(Boolean), err: r.stderr };
}

const typescriptIn = (files: string[]) => files.filter((f) => /\/node_modules\/(ts-morph|@ts-morph|typescript)\//.test(f));

test('checks against the installed .d.ts; TypeScript enters the flowops process only for a position', { timeout: 300_000 }, () => {
  expect(readFileSync(path.join(root, 'tsconfig.json'), 'utf8')).not.toContain('@flowops/source');
  const clean = check();
  expect(clean.err).not.toContain('FLOW_INTERNAL');
  expect(clean.code).toBe(0);
  expect(clean.report.workflows).toHaveLength(2);
  expect(clean.report.diagnostics).toEqual([]);
  expect(clean.required.length).toBeGreaterThan(0);
  expect(typescriptIn(clean.required)).toEqual([]);

  // A step id used twice: a diagnostic with a line, which needs TypeScript's parser.
  const file = tree.files[0]!;
  const text = readFileSync(file, 'utf8');
  writeFileSync(file, text.replace(/step\('[a-z]+-1',/, "step('fetch-0',"));
  const broken = check();
  writeFileSync(file, text);
  expect(broken.code).toBe(1);
  expect(broken.report.diagnostics.map((d) => d.code)).toContain('FLOW_DUPLICATE_STEP');
  expect(broken.report.diagnostics.find((d) => d.code === 'FLOW_DUPLICATE_STEP')?.line).toBeGreaterThan(1);
  expect(typescriptIn(broken.required).length).toBeGreaterThan(0);
});
