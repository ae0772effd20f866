/** Watch sessions: a re-check after a change sees new type errors and their fix, and reuses the rest. */
import { cpSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, expect, test } from 'vitest';
import { checkWorkflows, createCheckSession } from './index';

const repoRoot = path.resolve(import.meta.dirname, '../../..');
const root = mkdtempSync(path.join(tmpdir(), 'flowops-watch-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

test('re-check after one change reports the new type error, then its fix', { timeout: 180_000 }, async () => {
  cpSync(path.join(import.meta.dirname, '../test/fixtures/clean-ts/workflows'), path.join(root, 'workflows'), { recursive: true });
  cpSync(path.join(import.meta.dirname, '../test/fixtures/clean-yaml/workflows/hello'), path.join(root, 'workflows/hello'), { recursive: true });
  symlinkSync(path.join(repoRoot, 'node_modules'), path.join(root, 'node_modules'), 'dir');
  writeFileSync(path.join(root, 'tsconfig.json'), readFileSync(path.join(repoRoot, 'tsconfig.base.json')));
  const file = path.join(root, 'workflows/typed-ok/workflow.ts');
  const original = readFileSync(file, 'utf8');
  const session = createCheckSession();

  const first = await checkWorkflows({ root, session });
  expect(first.diagnostics).toEqual([]);
  expect(first.workflows.map((w) => w.name).sort()).toEqual(['hello', 'typed-ok']);
  const helloBefore = first.workflows.find((w) => w.name === 'hello')!.ir;

  writeFileSync(file, original.replace('log.write({ message: tpl`status ${fetch.output.status}` })', 'log.write({ message: 42 })'));
  const broken = await checkWorkflows({ root, session, changed: [file] });
  // One diagnostic for the mistake (the type checker's twin on the same line is dropped).
  expect(broken.diagnostics.map((d) => [d.code, d.file, d.line])).toEqual([['FLOW_PLUGIN_INPUT', 'workflows/typed-ok/workflow.ts', 13]]);
  expect(broken.diagnostics[0]!.message).toContain('expected string, received number');
  // The unchanged workflow was not recompiled: same IR object.
  expect(broken.workflows.find((w) => w.name === 'hello')!.ir).toBe(helloBefore);

  writeFileSync(file, original.replace('description: undefined', '').replace("'note'", "'note-renamed'"));
  const fixed = await checkWorkflows({ root, session, changed: [file] });
  expect(fixed.diagnostics).toEqual([]);
  expect(fixed.workflows.find((w) => w.name === 'typed-ok')!.ir.steps.map((s) => s.id)).toEqual(['fetch-user', 'note-renamed']);
});
