/**
 * Git's side of a plan: compile the workflows of the working tree, or of another ref (its
 * `workflows/` extracted into a scratch directory inside the repository so packages resolve).
 * @module
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { FlowError } from '@flowops/core';
import { checkWorkflows, hasErrors } from '@flowops/compiler';
import { headSha } from './git';
import type { GitWorkflow } from './types';

export interface LoadedGit {
  workflows: GitWorkflow[];
  gitSha: string | undefined;
}

export async function loadGitWorkflows(root: string, ref?: string): Promise<LoadedGit> {
  if (!ref) return { workflows: await compile(root), gitSha: process.env.GITHUB_SHA || headSha(root) };
  const sha = headSha(root, ref);
  if (!sha) {
    throw new FlowError({ code: 'FLOW_GIT_ERROR', message: `git ref "${ref}" does not exist`, hint: 'pass a branch, tag or commit that exists locally (fetch it first in CI)' });
  }
  const dir = join(root, 'node_modules', '.cache', 'flowops', `ref-${sha.slice(0, 12)}`);
  if (!existsSync(join(dir, '.complete'))) {
    rmSync(dir, { recursive: true, force: true });
    mkdirSync(dir, { recursive: true });
    const tar = execFileSync('git', ['archive', '--format=tar', sha, '--', 'workflows'], { cwd: root, maxBuffer: 512 * 1024 * 1024 });
    execFileSync('tar', ['-x', '-C', dir], { input: tar });
    for (const f of ['tsconfig.json', 'flowops.config.ts']) {
      const blob = gitShow(root, sha, f);
      if (blob) writeFileSync(join(dir, f), blob);
    }
    // The extracted tree sits outside any package scope: make its TypeScript load as ESM.
    writeFileSync(join(dir, 'package.json'), '{ "private": true, "type": "module" }\n');
    writeFileSync(join(dir, '.complete'), sha);
  }
  return { workflows: await compile(dir), gitSha: sha };
}

/** A file's content at a commit, or undefined when the commit does not have it. */
function gitShow(root: string, sha: string, file: string): Buffer | undefined {
  try {
    return execFileSync('git', ['show', `${sha}:${file}`], { cwd: root, stdio: ['ignore', 'pipe', 'ignore'] });
  } catch {
    return undefined;
  }
}

async function compile(root: string): Promise<GitWorkflow[]> {
  if (!existsSync(join(root, 'workflows'))) return [];
  const result = await checkWorkflows({ root, typecheck: false });
  if (hasErrors(result.diagnostics)) {
    const errors = result.diagnostics.filter((d) => d.severity === 'error');
    throw new FlowError(
      {
        code: errors[0]!.code,
        message: `${errors.length} workflow error${errors.length === 1 ? '' : 's'} in ${root}; the first: ${errors[0]!.file}: ${errors[0]!.message}`,
        hint: 'run `flowops check` and fix the errors before planning or publishing',
      },
      errors.slice(1, 10).map((d) => ({ code: d.code, message: `${d.file}: ${d.message}` })),
    );
  }
  return result.workflows.map((w) => ({ name: w.name, version: w.version, hash: w.hash, ir: w.ir }));
}

