/**
 * Nested forEach through the real binary: `flowops check` on the compiler's nested-loops-yaml
 * fixture accepts `{{ region.cluster }}` under a forEach with `as: region` and reports a misspelt
 * loop name and a loop name used outside its loop as FLOW_INVALID_REFERENCE, with a hint.
 */
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { expect, test } from 'vitest';
import { BIN, MONOREPO } from '../gitops/repo';

test('flowops check: a nested loop reads the outer item by its `as` name; unknown names are FLOW_INVALID_REFERENCE', () => {
  const cwd = path.join(MONOREPO, 'packages/compiler/test/fixtures/nested-loops-yaml');
  const r = spawnSync(process.execPath, [BIN, 'check'], { cwd, encoding: 'utf8', timeout: 120_000 });
  const text = r.stdout + r.stderr;
  expect(r.status, text).not.toBe(0);
  expect(text).toContain('FLOW_INVALID_REFERENCE');
  expect(text).toContain('did you mean "region"?');
  expect(text).toContain("give an enclosing forEach `as: 'region'`");
  expect(text).not.toContain('workflows/named/workflow.yaml');
  expect(text).toContain('2 errors');
});
