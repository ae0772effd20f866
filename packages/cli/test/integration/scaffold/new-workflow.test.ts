/**
 * `flowops new` through the real binary, in a repository made of this monorepo's root
 * package.json, package-lock.json and workspace package.json files: the scaffold type-checks and
 * checks clean, package-lock.json gains the new workspace so `npm ci` accepts it; with
 * `--no-install`, `npm ci` refuses the lockfile and `flowops check` says so (FLOW_LOCKFILE_STALE)
 * with the command that fixes it.
 */
import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, readFileSync, readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { unique } from '../gitops/helpers';
import { BIN, type FlowRepo, MONOREPO, flowRepo } from '../gitops/repo';

/** A repository with the monorepo's workspaces (package.json files only: enough for npm's lockfile). */
function workspaceRepo(): FlowRepo {
  const repo = flowRepo(unique('new-wf'));
  const copy = (rel: string) => {
    mkdirSync(dirname(join(repo.dir, rel)), { recursive: true });
    copyFileSync(join(MONOREPO, rel), join(repo.dir, rel));
  };
  for (const f of ['package.json', 'package-lock.json']) copy(f);
  for (const base of ['packages', 'packages/plugins']) {
    for (const d of readdirSync(join(MONOREPO, base))) if (existsSync(join(MONOREPO, base, d, 'package.json'))) copy(`${base}/${d}/package.json`);
  }
  repo.write({ 'flowops.config.ts': "import { defineConfig } from '@flowops/sdk';\nexport default defineConfig({ environments: { local: {} } });\n" });
  repo.commit('init');
  return repo;
}

const run = (repo: FlowRepo, cmd: string, args: string[]) => {
  const r = spawnSync(cmd, args, { cwd: repo.dir, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1', CI: '' }, timeout: 240_000 });
  return { code: r.status, out: r.stdout ?? '', err: r.stderr ?? '' };
};
const flowops = (repo: FlowRepo, ...args: string[]) => run(repo, process.execPath, [BIN, ...args]);
const npmCi = (repo: FlowRepo) => run(repo, 'npm', ['ci', '--ignore-scripts', '--no-audit', '--no-fund', '--dry-run']);

describe('flowops new', () => {
  test('scaffolds a workflow that checks clean and a lockfile npm ci accepts', { timeout: 300_000 }, () => {
    using repo = workspaceRepo();
    const r = flowops(repo, 'new', 'order-refund', '--owner', '@acme/payments');
    expect(r.code, r.out + r.err).toBe(0);
    for (const f of ['package.json', 'workflow.ts', 'workflow.test.ts', 'fixtures/default.json', 'README.md', 'CHANGELOG.md']) {
      expect(existsSync(join(repo.dir, 'workflows/order-refund', f)), f).toBe(true);
    }
    expect(readFileSync(join(repo.dir, 'workflows/order-refund/workflow.test.ts'), 'utf8')).toContain("from '@flowops/testing/harness'");
    const lock = JSON.parse(readFileSync(join(repo.dir, 'package-lock.json'), 'utf8'));
    expect(lock.packages['workflows/order-refund']).toMatchObject({ name: '@flowops-workflows/order-refund', version: '1.0.0' });
    const ci = npmCi(repo);
    expect(ci.code, ci.err).toBe(0);
    const check = flowops(repo, 'check');
    expect(check.code, check.out + check.err).toBe(0);

    const again = flowops(repo, 'new', 'order-refund');
    expect(again.code).toBe(2);
    expect(again.err).toContain('already exists');
    const bad = flowops(repo, 'new', 'Order_Refund');
    expect(bad.code).toBe(2);
    expect(bad.err).toContain('[FLOW_USAGE]');
  });

  test('a workflow package the lockfile lacks: npm ci fails and check says how to fix it', { timeout: 300_000 }, () => {
    using repo = workspaceRepo();
    expect(flowops(repo, 'new', 'order-refund', '--no-install').code).toBe(0);
    expect(npmCi(repo).code).not.toBe(0);
    const check = flowops(repo, 'check', '--skip-typecheck');
    expect(check.code).toBe(1);
    expect(check.out).toContain('FLOW_LOCKFILE_STALE');
    expect(check.out).toContain('@flowops-workflows/order-refund@1.0.0 (workflows/order-refund) is not in package-lock.json');
    expect(check.out).toContain('npm install --package-lock-only --ignore-scripts --no-audit --no-fund');
    expect(run(repo, 'npm', ['install', '--package-lock-only', '--ignore-scripts', '--no-audit', '--no-fund']).code).toBe(0);
    expect(flowops(repo, 'check', '--skip-typecheck').code).toBe(0);
    expect(npmCi(repo).code).toBe(0);
  });
});
