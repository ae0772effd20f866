/**
 * Issue 9, finding 3: with `Object.prototype` polluted (`GIT_CONFIG_*` → `core.fsmonitor` = a
 * command), every git the App runs used to execute the command. The App's clone passes git an
 * own-keys, null-prototype environment (`childEnv`), so the polluted keys never arrive.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkout, resolveRef } from './load';

const POLLUTION = ['GIT_CONFIG_COUNT', 'GIT_CONFIG_KEY_0', 'GIT_CONFIG_VALUE_0'] as const;
let dir: string;
let url: string;
let sha: string;

function pollute(marker: string): () => void {
  const proto = Object.prototype as Record<string, unknown>;
  const values = { GIT_CONFIG_COUNT: '1', GIT_CONFIG_KEY_0: 'core.fsmonitor', GIT_CONFIG_VALUE_0: `touch ${marker}; false` };
  for (const k of POLLUTION) proto[k] = values[k];
  return () => {
    for (const k of POLLUTION) delete proto[k];
  };
}

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'flowops-checkout-env-'));
  const work = join(dir, 'work');
  mkdirSync(work);
  writeFileSync(join(work, 'README.md'), 'x\n');
  const git = (cwd: string, ...args: string[]) => execFileSync('git', ['-c', 'user.name=t', '-c', 'user.email=t@e', ...args], { cwd, encoding: 'utf8' }).trim();
  git(work, 'init', '-q', '-b', 'main');
  git(work, 'add', '.');
  git(work, 'commit', '-qm', 'x');
  sha = git(work, 'rev-parse', 'HEAD');
  git(dir, 'clone', '-q', '--bare', work, 'r.git');
  url = `file://${join(dir, 'r.git')}`;
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('git under a polluted Object.prototype', () => {
  it('the pollution is live: a git given a plain env object runs the command', () => {
    const marker = join(dir, 'control');
    const restore = pollute(marker);
    const repo = mkdtempSync(join(dir, 'control-'));
    try {
      execFileSync('git', ['init', '-q'], { cwd: repo, env: { PATH: process.env.PATH ?? '' } });
      execFileSync('git', ['fetch', '-q', '--', url, 'main'], { cwd: repo, env: { PATH: process.env.PATH ?? '', HOME: dir } });
    } finally {
      restore();
    }
    expect(existsSync(marker)).toBe(true);
  });

  it("the App's clone and ls-remote run nothing of it", async () => {
    const marker = join(dir, 'app');
    const restore = pollute(marker);
    let checkedOut: string | undefined;
    try {
      expect(await resolveRef(url, 'main')).toBe(sha);
      checkedOut = await checkout(url, 'main');
      expect(existsSync(join(checkedOut, 'README.md'))).toBe(true);
    } finally {
      restore();
      if (checkedOut) rmSync(checkedOut, { recursive: true, force: true });
    }
    expect(existsSync(marker)).toBe(false);
  });
});
