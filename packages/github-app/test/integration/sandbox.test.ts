/** The compile sandbox (no Temporal needed): same result as compiling in process, and what a hostile workflow module cannot do. */
import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { afterAll, describe, expect, test, vi } from 'vitest';
import { compileTree } from '../../src/definitions/compile-tree';
import { loadDefinitions } from '../../src/definitions/load';
import { compileInSandbox, transpileCacheDir } from '../../src/definitions/sandbox';

const appRoot = resolve(import.meta.dirname, '../../../..');
const dirs: string[] = [];
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

function tree(files: Record<string, string>): string {
  const root = mkdtempSync(join(tmpdir(), 'flowops-sbx-test-'));
  dirs.push(root);
  for (const [f, text] of Object.entries(files)) {
    mkdirSync(dirname(join(root, f)), { recursive: true });
    writeFileSync(join(root, f), text);
  }
  return root;
}

const pkg = (name: string) => JSON.stringify({ name: `@t/${name}`, version: '1.0.0', private: true, type: 'module' });
/** A workflow module whose description is `describe` (a JS expression), after `prelude` ran. */
const workflow = (name: string, describe: string, prelude = '') => `import { defineWorkflow, step } from '@flowops/sdk';
import log from '@flowops/plugin-log';
import { z } from 'zod';
${prelude}
export default defineWorkflow({
  name: '${name}',
  owner: '@acme/sre',
  description: String(${describe}),
  input: z.object({}),
  defaults: { retry: { maxAttempts: 3 }, timeout: '30s' },
  steps: () => [step('note', log.write({ message: 'hi' }))],
});
`;
const module = (name: string, describe: string, prelude = '') => ({
  [`workflows/${name}/package.json`]: pkg(name),
  [`workflows/${name}/workflow.ts`]: workflow(name, describe, prelude),
});
const description = (set: Awaited<ReturnType<typeof compileInSandbox>>, name: string) => set.workflows.find((w) => w.name === name)?.ir.description;

/** The repository's workflows plus a module that throws at load time. */
function repositoryTree(): string {
  const root = tree({
    'workflows/broken/package.json': pkg('broken'),
    'workflows/broken/workflow.ts': 'const n: number = 1;\nthrow new Error(`boom ${n}`);\n',
  });
  cpSync(join(appRoot, 'workflows'), join(root, 'workflows'), { recursive: true, filter: (src) => !src.includes('node_modules') });
  return root;
}

describe('compile sandbox', () => {
  let inProcess: Awaited<ReturnType<typeof compileTree>>;

  test("gives the same DefinitionSet as compiling in process (the repository's workflows, a module that throws)", async () => {
    inProcess = await compileTree(repositoryTree(), 'abc1234', appRoot);
    const sandboxed = await compileInSandbox(repositoryTree(), 'abc1234', appRoot);
    expect(sandboxed.workflows.map((w) => w.name).sort()).toEqual(['customer-onboarding', 'data-backfill', 'deploy-service', 'incident-triage']);
    expect(sandboxed.diagnostics.find((d) => d.file === 'workflows/broken/workflow.ts')).toMatchObject({ code: 'FLOW_LOAD_ERROR', line: 2 });
    expect(sandboxed).toEqual(inProcess);
  }, 90_000);

  test('a module sees none of the App’s environment and cannot write outside its temp dir, spawn or read the App', async () => {
    process.env.FLOWOPS_WEBHOOK_SECRET = 'sandbox-test-secret';
    const outside = join(mkdtempSync(join(tmpdir(), 'flowops-sbx-outside-')), 'pwned.txt');
    dirs.push(dirname(outside));
    const attempt = (what: string) => `(() => { try { ${what}; return 'done'; } catch (e) { return e.code ?? e.message; } })()`;
    const root = tree({
      ...module('env', "`${process.env.FLOWOPS_WEBHOOK_SECRET}|${Object.keys(process.env).sort().join(',')}`"),
      ...module('write', attempt(`writeFileSync(${JSON.stringify(outside)}, 'x')`), "import { writeFileSync } from 'node:fs';"),
      ...module('spawn', attempt("execFileSync('sh', ['-c', 'true'])"), "import { execFileSync } from 'node:child_process';"),
      ...module('read', attempt(`readFileSync(${JSON.stringify(join(appRoot, 'package.json'))}, 'utf8')`), "import { readFileSync } from 'node:fs';"),
    });
    try {
      const set = await compileInSandbox(root, 'abc1234', appRoot);
      expect(set.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
      const [secret, keys] = description(set, 'env')!.split('|');
      expect(secret).toBe('undefined');
      expect(keys!.split(',').filter((k) => !['HOME', 'LANG', 'NODE_ENV', 'PATH', 'TMPDIR'].includes(k))).toEqual([]);
      expect(description(set, 'write')).toBe('ERR_ACCESS_DENIED');
      expect(existsSync(outside)).toBe(false);
      expect(description(set, 'spawn')).toBe('ERR_ACCESS_DENIED');
      expect(description(set, 'read')).toBe('ERR_ACCESS_DENIED');
    } finally {
      delete process.env.FLOWOPS_WEBHOOK_SECRET;
    }
  }, 90_000);

  test('the transpile cache of the App packages is filled by a trusted run, used, and read-only to pull-request code', async () => {
    await vi.waitFor(() => expect(transpileCacheDir(appRoot)).toBeDefined(), { timeout: 80_000, interval: 500 });
    const dir = transpileCacheDir(appRoot)!;
    // The App's packages load from their built dist/ (no transpiling); what the warm-up still
    // transpiles (TypeScript loaded from source) is cached — at least one file, and only .js files.
    const cached = readdirSync(dir);
    expect(cached.filter((f) => f.endsWith('.js')).length).toBeGreaterThan(0);
    expect(cached.every((f) => f.endsWith('.js') || f.endsWith('.json'))).toBe(true);
    expect(await compileInSandbox(repositoryTree(), 'abc1234', appRoot)).toEqual(inProcess);
    const set = await compileInSandbox(
      tree(
        module(
          'poison',
          `(() => { try { writeFileSync(${JSON.stringify(join(dir, 'x.js'))}, 'x'); return 'done'; } catch (e) { return e.code; } })()`,
          "import { writeFileSync } from 'node:fs';",
        ),
      ),
      'abc1234',
      appRoot,
    );
    expect(description(set, 'poison')).toBe('ERR_ACCESS_DENIED');
    expect(existsSync(join(dir, 'x.js'))).toBe(false);
  }, 120_000);

  test('a module that never ends is killed at the timeout with FLOW_COMPILE_SANDBOX', async () => {
    const root = tree(module('spin', "'never'", 'while (true) {}'));
    const set = await compileInSandbox(root, 'abc1234', appRoot, { timeoutMs: 10_000 });
    expect(set.workflows).toEqual([]);
    expect(set.diagnostics).toEqual([
      expect.objectContaining({ code: 'FLOW_COMPILE_SANDBOX', severity: 'error', message: expect.stringContaining('did not finish within 10 s') }),
    ]);
  }, 90_000);

  test('a module that ends the process or prints garbage gives a readable FLOW_COMPILE_SANDBOX error, no stack', async () => {
    const exits = await compileInSandbox(tree(module('quit', "'x'", 'process.exit(3);')), 'abc1234', appRoot);
    expect(exits.diagnostics).toEqual([expect.objectContaining({ code: 'FLOW_COMPILE_SANDBOX', message: expect.stringContaining('exited with code 3') })]);
    const garbage = await compileInSandbox(
      tree(module('noise', "'x'", "import { writeSync } from 'node:fs';\nwriteSync(1, '{not json');\nprocess.exit(0);")),
      'abc1234',
      appRoot,
    );
    expect(garbage.diagnostics).toEqual([expect.objectContaining({ code: 'FLOW_COMPILE_SANDBOX', message: expect.stringContaining('not a result') })]);
    for (const d of [...exits.diagnostics, ...garbage.diagnostics]) expect(`${d.message} ${d.hint}`).not.toMatch(/\n|\(?(?:file:\/\/)?\/[^ ]*:\d+:\d+/);
  }, 90_000);

  test('loadDefinitions clones through the sandbox, checks symlinks out as plain files and caches per commit', async () => {
    const repo = tree({ ...module('links', "readFileSync(new URL('./leak', import.meta.url), 'utf8')", "import { readFileSync } from 'node:fs';") });
    const git = (...args: string[]) => execFileSync('git', ['-c', 'user.name=t', '-c', 'user.email=t@t', ...args], { cwd: repo, encoding: 'utf8' }).trim();
    git('init', '-q');
    execFileSync('ln', ['-s', join(appRoot, 'package.json'), join(repo, 'workflows/links/leak')]);
    git('add', '-A');
    git('commit', '-qm', 'init');
    const sha = git('rev-parse', 'HEAD');
    const set = await loadDefinitions({ url: repo, sha, appRoot });
    expect(set.sha).toBe(sha);
    expect(description(set, 'links')).toBe(join(appRoot, 'package.json'));
    expect(description(set, 'links')).not.toBe(readFileSync(join(appRoot, 'package.json'), 'utf8'));
    expect(await loadDefinitions({ url: repo, sha, appRoot })).toBe(set);
  }, 90_000);

  test('a branch resolves to the commit it points at now: a push to it is seen, commits stay cached', async () => {
    const repo = tree(module('branchy', "'v1'"));
    const git = (...args: string[]) => execFileSync('git', ['-c', 'user.name=t', '-c', 'user.email=t@t', ...args], { cwd: repo, encoding: 'utf8' }).trim();
    git('init', '-q', '-b', 'main');
    git('add', '-A');
    git('commit', '-qm', 'v1');
    const first = await loadDefinitions({ url: repo, sha: 'main', appRoot });
    expect(first.sha).toBe(git('rev-parse', 'HEAD'));
    expect(description(first, 'branchy')).toBe('v1');
    const files = module('branchy', "'v2'");
    for (const [f, text] of Object.entries(files)) writeFileSync(join(repo, f), text);
    git('commit', '-qam', 'v2');
    const second = await loadDefinitions({ url: repo, sha: 'main', appRoot });
    expect(second.sha).toBe(git('rev-parse', 'HEAD'));
    expect(description(second, 'branchy')).toBe('v2');
    expect(await loadDefinitions({ url: repo, sha: first.sha, appRoot })).toBe(first);
  }, 90_000);
});
