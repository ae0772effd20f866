/**
 * The tsgo engine's output parsing (tsgo has no diagnostics API): `file(line,col): error TS…` lines,
 * chained messages on indented lines, errors kept only for files in a workflow's directory, and
 * dependencies (relative imports + shared local files) for the cache. The engine itself runs
 * through the real binary in packages/cli/test/integration/check/check-cache.test.ts.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, expect, test } from 'vitest';
import { parseTsgoOutput } from './typecheck-tsgo';

const root = mkdtempSync(path.join(tmpdir(), 'flowops-tsgo-parse-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));
const write = (rel: string, text: string) => {
  mkdirSync(path.dirname(path.join(root, rel)), { recursive: true });
  writeFileSync(path.join(root, rel), text);
  return path.join(root, rel);
};

test('tsgo lines become FLOW_TYPE_ERROR diagnostics of the workflow whose directory holds the file', () => {
  const a = write('workflows/a/workflow.ts', "import { x } from './helper';\nimport { y } from '../../shared/util.js';\n");
  const helper = write('workflows/a/helper.ts', 'export const x = 1;\n');
  const util = write('shared/util.ts', 'export const y = 2;\n');
  const b = write('workflows/b/workflow.ts', "import { sdk } from '@flowops/sdk';\n");
  const sdk = write('packages/sdk/src/index.ts', 'export const sdk = 1;\n');
  const stdout = [
    `${path.join(root, 'node_modules/zod/index.d.ts')}`,
    helper,
    util,
    a,
    sdk,
    b,
    "workflows/a/helper.ts(1,14): error TS2322: Type 'number' is not assignable to type 'string'.",
    "workflows/b/workflow.ts(3,5): error TS2345: Argument of type '{ url: number; }' is not assignable to parameter of type 'Input'.",
    "  Types of property 'url' are incompatible.",
    "    Type 'number' is not assignable to type 'string'.",
    "packages/sdk/src/index.ts(1,1): error TS1234: An error in the SDK's own source, checked by its package.",
    '',
  ].join('\n');
  const result = parseTsgoOutput(root, [a, b], stdout);
  expect(result.byRoot.get(a)).toEqual([
    expect.objectContaining({
      code: 'FLOW_TYPE_ERROR',
      file: 'workflows/a/helper.ts',
      line: 1,
      column: 14,
      message: "Type 'number' is not assignable to type 'string'. (TS2322)",
    }),
  ]);
  expect(result.byRoot.get(b)).toEqual([
    expect.objectContaining({
      file: 'workflows/b/workflow.ts',
      line: 3,
      column: 5,
      message:
        "Argument of type '{ url: number; }' is not assignable to parameter of type 'Input'. Types of property 'url' are incompatible. Type 'number' is not assignable to type 'string'. (TS2345)",
    }),
  ]);
  // a: itself, its helper (relative import), the shared files; never node_modules, never b's files.
  expect(new Set(result.deps.get(a))).toEqual(new Set([a, helper, util, sdk]));
  expect(new Set(result.deps.get(b))).toEqual(new Set([b, util, sdk]));
});

test('a workflow file that does not exist is reported, as with the default engine', () => {
  const missing = path.join(root, 'workflows/gone/workflow.ts');
  const result = parseTsgoOutput(root, [missing], '');
  expect(result.byRoot.get(missing)).toEqual([expect.objectContaining({ code: 'FLOW_TYPE_ERROR', message: 'workflow file not found' })]);
});
