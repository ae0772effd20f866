/**
 * Which workflows a change touches, for `flowops dry-run --changed`: the checkout is compiled
 * with @flowops/compiler (with `base`, so the version policy's diagnostics come along), the base
 * ref from its `workflows/` extracted with git archive (`workflowsAtRef`); a workflow whose IR
 * hash differs, or that the base lacks, is changed.
 * @module
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { type Workflow, diffWorkflows } from '@flowops/core';
import { type CompiledWorkflow, type Diagnostic, checkWorkflows } from '@flowops/compiler';
import { extractTreeAtCommit, headSha, requireSha } from '../gitops/git';

export interface ChangedEntry {
  name: string;
  change: 'added' | 'changed' | 'removed';
  version: string;
  /** The checkout's definition (absent when removed). */
  head?: CompiledWorkflow | undefined;
  /** The base's definition (absent when added). */
  baseIr?: Workflow | undefined;
  steps?: { added: string[]; changed: string[]; removed: string[] } | undefined;
  /** Compile errors of the checkout's definition (then it cannot be dry-run). */
  errors: Diagnostic[];
}

export interface ChangedSet {
  base: string;
  baseSha: string | undefined;
  /** Every workflow of the checkout that compiled (call targets for the dry-runs). */
  head: CompiledWorkflow[];
  changed: ChangedEntry[];
  /** Diagnostics of the checkout, version policy against the base included. */
  diagnostics: Diagnostic[];
}

/** `origin/main` when it exists, else `main`. */
export function defaultBase(root: string): string {
  return headSha(root, 'origin/main') ? 'origin/main' : 'main';
}

/**
 * The workflows of `ref` (extracted by `extractTreeAtCommit`). Workflows that do not compile at
 * the base are left out.
 */
export async function workflowsAtRef(root: string, ref: string): Promise<{ sha: string; workflows: CompiledWorkflow[] }> {
  const sha = requireSha(root, ref);
  const dir = extractTreeAtCommit(root, sha);
  if (!existsSync(join(dir, 'workflows'))) return { sha, workflows: [] };
  const result = await checkWorkflows({ root: dir, typecheck: false });
  return { sha, workflows: result.workflows };
}

export async function findChanged(root: string, base = defaultBase(root), opts: { typecheck?: boolean } = {}): Promise<ChangedSet> {
  // The base first: an unknown ref is an error before anything is compiled.
  const at = await workflowsAtRef(root, base);
  const baseWorkflows = at.workflows;
  const baseSha = at.sha;
  const result = await checkWorkflows({ root, base, typecheck: opts.typecheck ?? false });
  const byName = new Map(baseWorkflows.map((w) => [w.name, w]));
  const compiled = new Set(result.workflows.map((w) => w.name));
  const changed: ChangedEntry[] = [];
  for (const w of result.workflows) {
    const before = byName.get(w.name);
    const errors = result.diagnostics.filter((d) => d.severity === 'error' && d.workflow === w.name);
    if (!before) {
      changed.push({ name: w.name, change: 'added', version: w.version, head: w, errors });
      continue;
    }
    if (before.hash === w.hash) continue;
    const d = diffWorkflows(before.ir, w.ir);
    changed.push({
      name: w.name,
      change: 'changed',
      version: w.version,
      head: w,
      baseIr: before.ir,
      steps: { added: d.steps.added, changed: d.steps.changed.map((c) => c.id), removed: d.steps.removed },
      errors,
    });
  }
  // Workflows that no longer compile are changed too (the base compiled, so something changed).
  const broken = new Set(result.diagnostics.filter((d) => d.severity === 'error' && d.workflow && !compiled.has(d.workflow)).map((d) => d.workflow!));
  for (const name of broken) {
    changed.push({ name, change: 'changed', version: byName.get(name)?.version ?? '?', baseIr: byName.get(name)?.ir, errors: result.diagnostics.filter((d) => d.severity === 'error' && d.workflow === name) });
  }
  for (const b of baseWorkflows) {
    if (!compiled.has(b.name) && !broken.has(b.name)) changed.push({ name: b.name, change: 'removed', version: b.version, baseIr: b.ir, errors: [] });
  }
  changed.sort((a, b) => a.name.localeCompare(b.name));
  return { base, baseSha, head: result.workflows, changed, diagnostics: result.diagnostics };
}
