/**
 * Git's side of a plan: compile the workflows of the working tree, or of another ref (its
 * `workflows/` extracted into a scratch directory inside the repository so packages resolve).
 * @module
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { FlowError } from '@flowops/core';
import { checkWorkflows, hasErrors } from '@flowops/compiler';
import { extractTreeAtCommit, headSha, requireSha } from './git';
import type { GitWorkflow } from './types';

export interface LoadedGit {
  workflows: GitWorkflow[];
  gitSha: string | undefined;
}

export async function loadGitWorkflows(root: string, ref?: string): Promise<LoadedGit> {
  if (!ref) return { workflows: await compile(root), gitSha: process.env.GITHUB_SHA || headSha(root) };
  const sha = requireSha(root, ref);
  const dir = extractTreeAtCommit(root, sha);
  return { workflows: await compile(dir), gitSha: sha };
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

