/**
 * Git facts the GitOps commands need: HEAD, ancestry (revert vs drift), who is publishing.
 * @module
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { userInfo } from 'node:os';
import { join } from 'node:path';
import { FlowError, childEnv } from '@flowops/core';
import type { ChangeMeta, ChangeSource } from '@flowops/runtime';

function git(root: string, args: string[]): string | undefined {
  try {
    return execFileSync('git', args, { cwd: root, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'], env: childEnv(process.env) }).trim();
  } catch {
    return undefined;
  }
}

/** The commit `ref` (default HEAD) names in the repository at `root`, or undefined. */
export function headSha(root: string, ref = 'HEAD'): string | undefined {
  return git(root, ['rev-parse', '--verify', `${ref}^{commit}`]);
}

/** Resolve `ref` to a commit sha, or a coded error naming the ref. */
export function requireSha(root: string, ref: string): string {
  const sha = headSha(root, ref);
  if (!sha) {
    throw new FlowError({
      code: 'FLOW_GIT_ERROR',
      message: `git ref "${ref}" does not exist`,
      hint: 'pass a branch, tag or commit that exists locally (in CI: fetch-depth 0, or git fetch origin main)',
    });
  }
  return sha;
}

/**
 * The repository as it was at `sha`, for compiling: its `workflows/`, tsconfig.json and
 * flowops.config.ts, extracted with git archive into node_modules/.cache/flowops/ref-<sha> (inside
 * the repository, so @flowops/* packages resolve; never touching the working tree), with a
 * package.json marking the tree as ESM. Extracted once per commit. Returns the directory.
 */
export function extractTreeAtCommit(root: string, sha: string): string {
  const dir = join(root, 'node_modules', '.cache', 'flowops', `ref-${sha.slice(0, 12)}`);
  if (existsSync(join(dir, '.complete'))) return dir;
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  if (git(root, ['cat-file', '-t', `${sha}:workflows`]) === 'tree') {
    const tar = execFileSync('git', ['archive', '--format=tar', sha, '--', 'workflows'], {
      cwd: root,
      maxBuffer: 512 * 1024 * 1024,
      env: childEnv(process.env),
    });
    execFileSync('tar', ['-x', '-C', dir], { input: tar, env: childEnv(process.env) });
  }
  for (const file of ['tsconfig.json', 'flowops.config.ts']) {
    try {
      writeFileSync(
        join(dir, file),
        execFileSync('git', ['show', `${sha}:${file}`], {
          cwd: root,
          stdio: ['ignore', 'pipe', 'ignore'],
          maxBuffer: 64 * 1024 * 1024,
          env: childEnv(process.env),
        }),
      );
    } catch {
      // not in that commit
    }
  }
  // Under node_modules Node would not see the repository's package.json: make TypeScript load as ESM.
  writeFileSync(join(dir, 'package.json'), '{ "private": true, "type": "module" }\n');
  writeFileSync(join(dir, '.complete'), sha);
  return dir;
}

/** A memoised "is `sha` an ancestor of `ref`" for plan's revert-vs-drift decision. */
export function ancestry(root: string, ref = 'HEAD'): (sha: string) => boolean {
  const cache = new Map<string, boolean>();
  return (sha) => {
    if (!/^[0-9a-f]{7,40}$/i.test(sha)) return false;
    let v = cache.get(sha);
    if (v === undefined) {
      try {
        execFileSync('git', ['merge-base', '--is-ancestor', sha, ref], { cwd: root, stdio: 'ignore', env: childEnv(process.env) });
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
  const actor = process.env.FLOWOPS_ACTOR || process.env.GITHUB_ACTOR || git(root, ['config', 'user.email']) || safeUser() || 'unknown';
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
