/**
 * Changesets keep workflows and toolkit apart, in a throwaway copy of this repository's
 * changeset config, root package.json and workspace package.json/CHANGELOG files: a plain
 * `npx changeset version` with a workflow changeset and a pending @flowops/* one versions the
 * workflow only (no "Updated dependencies" lines) and leaves the toolkit changeset pending;
 * `npm run version-packages` then versions the toolkit only.
 */
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';

const ROOT = resolve(import.meta.dirname, '..');
const dir = mkdtempSync(join(tmpdir(), 'flowops-changesets-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function copyRepo(): void {
  const copy = (rel: string) => {
    if (!existsSync(join(ROOT, rel))) return;
    mkdirSync(dirname(join(dir, rel)), { recursive: true });
    cpSync(join(ROOT, rel), join(dir, rel));
  };
  copy('package.json');
  copy('.changeset/config.json');
  copy('tools/changeset-version.ts');
  for (const base of ['packages', 'packages/plugins', 'workflows']) {
    for (const d of readdirSync(join(ROOT, base))) {
      copy(`${base}/${d}/package.json`);
      copy(`${base}/${d}/CHANGELOG.md`);
    }
  }
  symlinkSync(join(ROOT, 'node_modules'), join(dir, 'node_modules'));
  const git = (...args: string[]) =>
    spawnSync('git', ['-c', 'user.email=t@example.com', '-c', 'user.name=T', '-c', 'commit.gpgsign=false', ...args], { cwd: dir });
  git('init', '-q', '-b', 'main');
  git('add', '-A');
  git('commit', '-q', '-m', 'init');
}

const version = (rel: string) => (JSON.parse(readFileSync(join(dir, rel, 'package.json'), 'utf8')) as { version: string }).version;
const changeset = (name: string, pkg: string, line: string) => writeFileSync(join(dir, '.changeset', `${name}.md`), `---\n"${pkg}": patch\n---\n\n${line}\n`);
const run = (cmd: string, args: string[]) => spawnSync(cmd, args, { cwd: dir, encoding: 'utf8', timeout: 120_000 });

describe('changesets: workflows and toolkit apart', () => {
  test('npx changeset version versions a workflow only; version-packages the toolkit only', { timeout: 240_000 }, () => {
    copyRepo();
    const sdk = version('packages/sdk');
    const wf = version('workflows/deploy-service');
    changeset('wf-canary', '@flowops-workflows/deploy-service', 'More patient canary check.');
    changeset('sdk-fix', '@flowops/sdk', 'A toolkit fix.');

    let r = run('npx', ['changeset', 'version']);
    expect(r.status, r.stdout + r.stderr).toBe(0);
    expect(version('workflows/deploy-service')).not.toBe(wf);
    expect(version('packages/sdk')).toBe(sdk);
    const changelog = readFileSync(join(dir, 'workflows/deploy-service/CHANGELOG.md'), 'utf8');
    expect(changelog).toContain('More patient canary check.');
    expect(changelog).not.toContain('Updated dependencies');
    expect(existsSync(join(dir, '.changeset/sdk-fix.md'))).toBe(true); // still pending
    expect(existsSync(join(dir, '.changeset/wf-canary.md'))).toBe(false);

    const wfNow = version('workflows/deploy-service');
    r = run('npm', ['run', '--silent', 'version-packages']);
    expect(r.status, r.stdout + r.stderr).toBe(0);
    expect(version('packages/sdk')).not.toBe(sdk);
    expect(version('workflows/deploy-service')).toBe(wfNow);
    expect(readFileSync(join(dir, 'workflows/deploy-service/CHANGELOG.md'), 'utf8')).not.toContain('Updated dependencies');
    expect(readFileSync(join(dir, '.changeset/config.json'), 'utf8')).toBe(readFileSync(join(ROOT, '.changeset/config.json'), 'utf8'));
  });
});
