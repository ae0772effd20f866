/**
 * Workflow definitions at a commit: fetch the commit through the configured clone URL into a
 * temporary directory (never a shell: git runs with an argument vector; symlinks are checked out
 * as plain files), link the App's node_modules so TypeScript definitions resolve @flowops/*, and
 * compile with @flowops/compiler in the compile sandbox (a child process: `sandbox.ts`), since
 * compiling executes the workflow modules. Results are cached per commit.
 * @module
 */
import { execFile } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import type { Workflow } from '@flowops/core';
import type { ReportDiagnostic } from '../report/types';
import { type SandboxLimits, compileInSandbox } from './sandbox';

export { compileTree } from './compile-tree';

const run = promisify(execFile);

export interface Definition {
  name: string;
  version: string;
  hash: string;
  file: string;
  ir: Workflow;
  /** Inputs from `workflows/<name>/fixtures/*.json`, by file name. */
  fixtures: Record<string, unknown>;
}
export interface DefinitionSet {
  sha: string;
  workflows: Definition[];
  diagnostics: ReportDiagnostic[];
}

export interface LoadOptions {
  /** Clone URL with {owner}, {repo}, {token} filled in. */
  url: string;
  sha: string;
  /** Directory whose node_modules the checkout uses. */
  appRoot: string;
  /** Limits of the compile sandbox (timeout, heap, output). */
  sandbox?: SandboxLimits;
}

async function git(cwd: string, ...args: string[]): Promise<string> {
  const { stdout } = await run('git', args, { cwd, env: { ...process.env, GIT_TERMINAL_PROMPT: '0' }, maxBuffer: 64 * 1024 * 1024 });
  return stdout;
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

export function loadDefinitions(o: LoadOptions): Promise<DefinitionSet> {
  const key = `${o.url.replace(/\/\/[^@/]*@/, '//')}#${o.sha}`;
  let p = cache.get(key);
  if (!p) {
    p = (async () => {
      const dir = await checkout(o.url, o.sha);
      try {
        return await compileInSandbox(dir, o.sha, o.appRoot, o.sandbox);
      } finally {
        await rm(dir, { recursive: true, force: true });
      }
    })();
    p.catch(() => cache.delete(key));
    cache.set(key, p);
    if (cache.size > 50) cache.delete(cache.keys().next().value!);
  }
  return p;
}

export function fillCloneUrl(template: string, v: { owner: string; repo: string; token: string }): string {
  return template.replaceAll('{owner}', encodeURIComponent(v.owner)).replaceAll('{repo}', encodeURIComponent(v.repo)).replaceAll('{token}', encodeURIComponent(v.token));
}
