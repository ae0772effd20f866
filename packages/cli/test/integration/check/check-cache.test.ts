/**
 * `flowops check` remembers, through the real binary in a fresh git repository: a second run with
 * nothing changed answers every workflow from the on-disk cache (node_modules/.cache/flowops) and
 * reports the same workflows; after one workflow changes, only that one is re-checked — and a type
 * error put into it is still caught; `--no-cache` re-checks everything.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, expect, test } from 'vitest';
import { generateTree } from '../../../../../tools/bench/generate';
import { BIN, MONOREPO } from '../gitops/repo';

interface Report {
  workflows: { name: string; hash: string }[];
  diagnostics: { code: string; file: string; line: number }[];
  checked: { rechecked: number; cached: number };
}

const root = mkdtempSync(path.join(tmpdir(), 'flowops-check-cache-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));
// Three TypeScript workflows (node_modules of its own: symlinks into the monorepo's) and one YAML one.
const tree = generateTree(3, MONOREPO, root);
const yamlDir = path.join(root, 'workflows/wf-yaml');
mkdirSync(yamlDir, { recursive: true });
writeFileSync(path.join(yamlDir, 'package.json'), JSON.stringify({ name: '@bench/wf-yaml', version: '1.0.0', private: true }));
writeFileSync(
  path.join(yamlDir, 'workflow.yaml'),
  [
    'name: wf-yaml',
    'owner: "@acme/platform"',
    'defaults:',
    '  retry: { maxAttempts: 3 }',
    '  timeout: 30s',
    'steps:',
    '  - id: say',
    '    uses: log.write@1',
    '    with:',
    '      message: hello',
    '',
  ].join('\n'),
);
const git = (...args: string[]) =>
  execFileSync('git', ['-c', 'user.email=t@example.com', '-c', 'user.name=Test', '-c', 'commit.gpgsign=false', ...args], { cwd: root });
git('init', '-q', '-b', 'main');
writeFileSync(path.join(root, '.gitignore'), 'node_modules\n');
git('add', '-A');
git('commit', '-q', '-m', 'init');

function check(...args: string[]): { code: number | null; out: string; err: string } {
  const r = spawnSync(process.execPath, [BIN, 'check', ...args], {
    cwd: root,
    encoding: 'utf8',
    timeout: 240_000,
    env: { ...process.env, NO_COLOR: '1', CI: '' },
  });
  return { code: r.status, out: r.stdout, err: r.stderr };
}
const json = (...args: string[]): Report => {
  const r = check('--format', 'json', ...args);
  expect(r.code === 0 || r.code === 1, r.err).toBe(true);
  return JSON.parse(r.out) as Report;
};

/**
 * Runs `step` until `done` holds, at most three times: the cache is keyed by the @flowops packages'
 * files, which other work in a shared checkout may rewrite between two runs (then every workflow is
 * re-checked once). A cache that never hits still fails every attempt.
 */
function attempt<T>(step: () => T, done: (value: T) => boolean): T {
  let value = step();
  for (let i = 1; i < 3 && !done(value); i++) value = step();
  return value;
}

test('a fresh check answers from the cache; one edited workflow is the only one re-checked, its new type error caught', { timeout: 600_000 }, () => {
  const first = json();
  expect(first.diagnostics).toEqual([]);
  expect(first.workflows.map((w) => w.name).sort()).toEqual(['wf-000', 'wf-001', 'wf-002', 'wf-yaml']);
  expect(first.checked).toEqual({ rechecked: 4, cached: 0 });

  const second = attempt(json, (r) => r.checked.cached === 4);
  expect(second.checked).toEqual({ rechecked: 0, cached: 4 });
  expect(second.workflows).toEqual(first.workflows);
  expect(second.diagnostics).toEqual([]);

  // A type error in one workflow (its IR unchanged, so only the type checker sees it): only that one is re-checked.
  const victim = tree.files[1]!;
  const original = readFileSync(victim, 'utf8');
  const edited = attempt(
    () => {
      writeFileSync(victim, original);
      attempt(json, (r) => r.checked.cached === 4);
      writeFileSync(victim, `${original}export const typo: number = 'not a number';\n`);
      return json();
    },
    (r) => r.checked.rechecked === 1,
  );
  expect(edited.checked).toEqual({ rechecked: 1, cached: 3 });
  expect(edited.diagnostics).toEqual([
    expect.objectContaining({ code: 'FLOW_TYPE_ERROR', file: 'workflows/wf-001/workflow.ts', line: original.split('\n').length }),
  ]);
  // Still reported when answered from the cache; the pretty summary says what was re-checked.
  const pretty = attempt(check, (r) => r.out.includes('from cache'));
  expect(pretty.code).toBe(1);
  expect(pretty.out).toContain('FLOW_TYPE_ERROR');
  expect(pretty.out).toContain('(0 re-checked, 4 from cache)');

  writeFileSync(victim, original);
  const fixed = json();
  expect(fixed.diagnostics).toEqual([]);
  expect(fixed.workflows).toEqual(first.workflows);
  expect(json('--no-cache').checked).toEqual({ rechecked: 4, cached: 0 });
});

test('--engine tsgo: the native checker reports the type error as the default engine does; an unknown engine is a usage error', { timeout: 600_000 }, () => {
  const victim = tree.files[2]!;
  const original = readFileSync(victim, 'utf8');
  writeFileSync(victim, `${original}export const typo: number = 'not a number';\n`);
  try {
    const native = json('--engine', 'tsgo');
    expect(native.diagnostics).toEqual([
      expect.objectContaining({ code: 'FLOW_TYPE_ERROR', file: 'workflows/wf-002/workflow.ts', line: original.split('\n').length }),
    ]);
    const typescript = json('--no-cache');
    expect(native.diagnostics).toEqual(typescript.diagnostics);
  } finally {
    writeFileSync(victim, original);
  }
  const bad = check('--engine', 'nope');
  expect(bad.code).toBe(2);
  expect(bad.err).toContain('--engine "nope" is not one of typescript, tsgo');
  expect(bad.err).toContain('[FLOW_USAGE]');
});
