/**
 * Workflow definitions at a commit: fetch the commit through the configured clone URL into a
 * temporary directory (never a shell: git runs with an argument vector; symlinks are checked out
 * as plain files), link the App's node_modules so TypeScript definitions resolve @flowops/*, and
 * compile with @flowops/compiler in the compile sandbox (a child process: `sandbox.ts`), since
 * compiling executes the workflow modules. Branches resolve to their commit first; results are
 * cached per commit.
 * @module
 */
import { execFile } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { childEnv } from '@flowops/core';
import { policyFileHash } from './policy-file';
import { type SandboxLimits, compileInSandbox } from './sandbox';
import type { DefinitionSet } from './types';

export type { Definition, DefinitionSet } from './types';

const run = promisify(execFile);

export interface LoadOptions {
  /** Clone URL with {owner}, {repo}, {token} filled in. */
  url: string;
  sha: string;
  /** Directory whose node_modules the checkout uses. */
  appRoot: string;
  /** Limits of the compile sandbox (timeout, heap, output). */
  sandbox?: SandboxLimits;
}

/** A clone URL without its credentials (`https://x-access-token:TOKEN@host/…` → `https://***@host/…`). */
export function withoutCredentials(text: string): string {
  return text.replace(/(\w+:\/\/)[^@/\s]+@/g, '$1***@');
}

async function git(cwd: string, ...args: string[]): Promise<string> {
  try {
    // Own keys only, in a null-prototype object: a polluted Object.prototype never reaches git.
    const { stdout } = await run('git', args, { cwd, env: childEnv(process.env, { GIT_TERMINAL_PROMPT: '0' }), maxBuffer: 64 * 1024 * 1024 });
    return stdout;
  } catch (err) {
    // The clone URL carries the installation token: it must not reach an error, a log or a check run.
    const e = err as { stderr?: string; message?: string };
    const detail = (e.stderr || e.message || String(err)).trim().split('\n').slice(-3).join(' ');
    throw new Error(withoutCredentials(`git ${args[0]} failed: ${detail}`));
  }
}

export async function checkout(url: string, sha: string): Promise<string> {
  if (!/^[0-9a-f]{7,40}$/i.test(sha) && !/^[\w./-]+$/.test(sha)) throw new Error(`"${sha}" is not a commit or branch`);
  const dir = await mkdtemp(join(tmpdir(), 'flowops-gh-'));
  try {
    await git(dir, 'init', '-q');
    // A symlink in the checkout could point the sandbox's allowed reads at the App's secrets.
    await git(dir, 'config', 'core.symlinks', 'false');
    try {
      await git(dir, 'fetch', '-q', '--depth', '1', '--', url, sha);
    } catch {
      await git(dir, 'fetch', '-q', '--', url, '+refs/heads/*:refs/remotes/origin/*');
      await git(dir, 'fetch', '-q', '--', url, sha).catch(() => undefined);
    }
    const target = /^[0-9a-f]{7,40}$/i.test(sha) ? sha : 'FETCH_HEAD';
    await git(dir, 'checkout', '-q', '--detach', target).catch(async () => git(dir, 'checkout', '-q', '--detach', 'FETCH_HEAD'));
    return dir;
  } catch (err) {
    await rm(dir, { recursive: true, force: true });
    throw err;
  }
}

const cache = new Map<string, Promise<DefinitionSet>>();
const FULL_SHA = /^[0-9a-f]{40}$/i;

/**
 * A branch or tag as the commit it points at now (`git ls-remote`), so results are cached per
 * commit: a cached "main" would keep answering with the main of an hour ago. A full sha, or a
 * name the remote does not list (a short sha), is returned as it is.
 */
export async function resolveRef(url: string, ref: string): Promise<string> {
  if (FULL_SHA.test(ref)) return ref;
  const out = await git(tmpdir(), 'ls-remote', '--', url, `refs/heads/${ref}`, `refs/tags/${ref}`).catch(() => '');
  const sha = out.split('\n')[0]?.split('\t')[0]?.trim();
  return sha && FULL_SHA.test(sha) ? sha.toLowerCase() : ref;
}

export async function loadDefinitions(o: LoadOptions): Promise<DefinitionSet> {
  const sha = await resolveRef(o.url, o.sha);
  const key = `${withoutCredentials(o.url)}#${sha}`;
  let p = cache.get(key);
  if (!p) {
    p = (async () => {
      const dir = await checkout(o.url, sha);
      try {
        // Read before the sandbox runs: the hash is of the commit, not of what the child left behind.
        const policyHash = policyFileHash(dir);
        const { policyHash: _fromChild, ...set } = await compileInSandbox(dir, sha, o.appRoot, o.sandbox);
        return policyHash ? { ...set, policyHash } : set;
      } finally {
        await rm(dir, { recursive: true, force: true });
      }
    })();
    p.catch(() => cache.delete(key));
    // Only commits are cached; anything unresolved is compiled again next time.
    if (FULL_SHA.test(sha)) cache.set(key, p);
    if (cache.size > 50) cache.delete(cache.keys().next().value!);
  }
  return p;
}

export function fillCloneUrl(template: string, v: { owner: string; repo: string; token: string }): string {
  return template
    .replaceAll('{owner}', encodeURIComponent(v.owner))
    .replaceAll('{repo}', encodeURIComponent(v.repo))
    .replaceAll('{token}', encodeURIComponent(v.token));
}
