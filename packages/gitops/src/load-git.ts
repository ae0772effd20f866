/**
 * Reading definitions at a git ref: compile the workflows of the working tree, or of another ref
 * (its `workflows/` extracted into a scratch directory inside the repository so packages
 * resolve) — git's side of a plan, a drift check and a changed set.
 * @module
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { FlowError } from '@flowops/core';
import { type CompiledWorkflow, checkWorkflows, hasErrors } from '@flowops/compiler';
import { extractTreeAtCommit, headSha, requireSha } from './git';
import type { GitWorkflow } from './types';

/** Git's compiled workflows and the commit they are from. */
export interface LoadedGit {
  workflows: GitWorkflow[];
  gitSha: string | undefined;
}

/**
 * The workflows of the working tree at `root` (no `ref`) or of `ref`. `cache: true` (the working
 * tree only) reads and writes the compiler's signed compile cache (`CheckOptions.cache`).
 * @throws FlowError with the compile errors when a workflow does not compile; FLOW_GIT_ERROR for an unknown ref.
 */
export async function loadGitWorkflows(root: string, ref?: string, opts: { cache?: boolean } = {}): Promise<LoadedGit> {
  if (!ref) return { workflows: await compile(root, opts.cache), gitSha: process.env.GITHUB_SHA || headSha(root) };
  const sha = requireSha(root, ref);
  const dir = extractTreeAtCommit(root, sha);
  return { workflows: await compile(dir), gitSha: sha };
}

async function compile(root: string, cache?: boolean): Promise<GitWorkflow[]> {
  if (!existsSync(join(root, 'workflows'))) return [];
  const result = await checkWorkflows({ root, typecheck: false, ...(cache ? { cache } : {}) });
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
  return result.workflows.map((w) => ({ name: w.name, version: w.version, hash: w.hash, ir: w.ir, file: w.file }));
}

/**
 * The workflows of `ref` that compile (extracted like `loadGitWorkflows`); workflows that do not
 * compile there are left out.
 */
export async function workflowsAtRef(root: string, ref: string): Promise<{ sha: string; workflows: CompiledWorkflow[] }> {
  const sha = requireSha(root, ref);
  const dir = extractTreeAtCommit(root, sha);
  if (!existsSync(join(dir, 'workflows'))) return { sha, workflows: [] };
  const result = await checkWorkflows({ root: dir, typecheck: false });
  return { sha, workflows: result.workflows };
}
