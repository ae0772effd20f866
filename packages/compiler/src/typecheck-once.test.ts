/**
 * The one-shot checker (the CLI's type-check thread) reports exactly what the ts-morph checker
 * reports — diagnostics per root and local import closure — with and without a tsconfig.json.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createTypeChecker } from './typecheck';
import { checkOnce } from './typecheck-once';

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

function tree(files: Record<string, string>): string {
  const root = mkdtempSync(path.join(tmpdir(), 'flowops-check-once-'));
  dirs.push(root);
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(root, name)), { recursive: true });
    writeFileSync(path.join(root, name), text);
  }
  return root;
}

const files = {
  'workflows/a/workflow.ts': "import { x } from './helper';\nimport { shared } from '../../shared/index';\nexport const a: string = x + shared;\n",
  'workflows/a/helper.ts': "export { x } from './deeper';\n",
  'workflows/a/deeper.ts': 'export const x: number = "not a number";\n',
  'workflows/b/workflow.ts': 'const n: number = 1;\nexport const b = n.toUpperCase();\nexport const ok: Array<number> = [1].map((v) => v * 2);\n',
  'workflows/c/workflow.ts': "import type { Shape } from './types';\nexport const c: Shape = { size: 1 };\n",
  'workflows/c/types.ts': 'export interface Shape { size: number }\n',
  'shared/index.ts': 'export const shared = "s";\n',
};
const roots = (root: string) => ['a', 'b', 'c', 'missing'].map((w) => path.join(root, 'workflows', w, 'workflow.ts'));

describe('checkOnce', () => {
  for (const withTsconfig of [true, false]) {
    it(`matches the ts-morph checker ${withTsconfig ? 'with' : 'without'} a tsconfig.json`, () => {
      const tsconfig = { compilerOptions: { strict: true, target: 'ES2022', module: 'ESNext', moduleResolution: 'Bundler', lib: ['ES2023'] } };
      const root = tree(withTsconfig ? { ...files, 'tsconfig.json': JSON.stringify(tsconfig) } : files);
      const once = checkOnce(root, roots(root));
      const morph = createTypeChecker(root).check(roots(root));
      expect([...once.byRoot]).toEqual([...morph.byRoot]);
      expect([...once.deps].map(([f, d]) => [f, [...d].sort()])).toEqual([...morph.deps].map(([f, d]) => [f, [...d].sort()]));
      // and what they agree on is right: errors where they are, helpers in the closure
      const a = once.byRoot.get(roots(root)[0]!)!;
      expect(a.map((d) => `${d.file}:${d.line}`)).toEqual(['workflows/a/deeper.ts:1']);
      expect(once.byRoot.get(roots(root)[1]!)!.map((d) => d.message)).toEqual([expect.stringContaining('toUpperCase')]);
      expect(once.byRoot.get(roots(root)[2]!)).toEqual([]);
      expect(once.byRoot.get(roots(root)[3]!)!.map((d) => d.message)).toEqual(['workflow file not found']);
      expect(once.deps.get(roots(root)[0]!)).toEqual(
        expect.arrayContaining(['workflows/a/helper.ts', 'workflows/a/deeper.ts', 'shared/index.ts'].map((f) => path.join(root, f))),
      );
      expect(once.deps.get(roots(root)[2]!)).toContain(path.join(root, 'workflows/c/types.ts'));
    }, 60_000);
  }
});
