/**
 * Git facts the GitOps commands need: HEAD, ancestry (revert vs drift), who is publishing.
 * @module
 */
import { execFileSync } from 'node:child_process';
import { userInfo } from 'node:os';
import type { ChangeMeta, ChangeSource } from '@flowops/runtime';

function git(root: string, args: string[]): string | undefined {
  try {
    return execFileSync('git', args, { cwd: root, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
  } catch {
    return undefined;
  }
}

export function headSha(root: string, ref = 'HEAD'): string | undefined {
  return git(root, ['rev-parse', '--verify', `${ref}^{commit}`]);
}

/** A memoised "is `sha` an ancestor of `ref`" for plan's revert-vs-drift decision. */
export function ancestry(root: string, ref = 'HEAD'): (sha: string) => boolean {
  const cache = new Map<string, boolean>();
  return (sha) => {
    if (!/^[0-9a-f]{7,40}$/i.test(sha)) return false;
    let v = cache.get(sha);
    if (v === undefined) {
      try {
        execFileSync('git', ['merge-base', '--is-ancestor', sha, ref], { cwd: root, stdio: 'ignore' });
        v = true;
      } catch {
        v = false;
      }
      cache.set(sha, v);
    }
    return v;
  };
}

/** Who and where from: FLOWOPS_ACTOR / GITHUB_ACTOR / git user.email / OS user; `ci` when $CI is set. */
export function changeMeta(root: string, gitSha: string | undefined): ChangeMeta {
  const actor =
    process.env.FLOWOPS_ACTOR || process.env.GITHUB_ACTOR || git(root, ['config', 'user.email']) || safeUser() || 'unknown';
  const envSource = process.env.FLOWOPS_SOURCE as ChangeSource | undefined;
  const source: ChangeSource = envSource === 'ci' || envSource === 'cli' || envSource === 'app' ? envSource : process.env.CI ? 'ci' : 'cli';
  return { actor, source, ...(gitSha ? { gitSha } : {}) };
}

function safeUser(): string | undefined {
  try {
    return userInfo().username;
  } catch {
    return undefined;
  }
}
