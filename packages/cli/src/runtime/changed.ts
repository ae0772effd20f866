/**
 * Which workflows a change touches, for `flowops dry-run --changed`: the checkout is compiled
 * with @flowops/compiler (with `base`, so the version policy's diagnostics come along), the base
 * ref through the GitOps commands' `loadGitWorkflows` (its `workflows/` extracted with git
 * archive and compiled); a workflow whose IR hash differs, or that the base lacks, is changed.
 * @module
 */
import { type Workflow, diffWorkflows } from '@flowops/core';
import { type CompiledWorkflow, type Diagnostic, checkWorkflows } from '@flowops/compiler';
import { headSha } from '../gitops/git';
import { loadGitWorkflows } from '../gitops/load-git';

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
  /** Set when the base could not be compiled: then every workflow counts as changed. */
  baseProblem?: string | undefined;
}

/** `origin/main` when it exists, else `main`. */
export function defaultBase(root: string): string {
  return headSha(root, 'origin/main') ? 'origin/main' : 'main';
}

export async function findChanged(root: string, base = defaultBase(root), opts: { typecheck?: boolean } = {}): Promise<ChangedSet> {
  // The base first: an unknown ref is a usage error before anything is compiled.
  let baseWorkflows: { name: string; version: string; hash: string; ir: Workflow }[] = [];
  let baseProblem: string | undefined;
  let baseSha: string | undefined;
  try {
    const loaded = await loadGitWorkflows(root, base);
    baseWorkflows = loaded.workflows;
    baseSha = loaded.gitSha;
  } catch (err) {
    const code = (err as { code?: string }).code;
    if (code === 'FLOW_GIT_ERROR' || !(err instanceof Error)) throw err;
    baseProblem = `the base ${base} does not compile (${err.message.split('\n')[0]}); every workflow counts as changed`;
    baseSha = headSha(root, base);
  }
  const result = await checkWorkflows({ root, base, typecheck: opts.typecheck ?? false });
  const byName = new Map(baseWorkflows.map((w) => [w.name, w]));
  const compiled = new Set(result.workflows.map((w) => w.name));
  const changed: ChangedEntry[] = [];
  for (const w of result.workflows) {
    const before = baseProblem ? undefined : byName.get(w.name);
    const errors = result.diagnostics.filter((d) => d.severity === 'error' && d.workflow === w.name);
    if (!before) {
      changed.push({ name: w.name, change: baseProblem ? 'changed' : 'added', version: w.version, head: w, errors });
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
  return { base, baseSha, head: result.workflows, changed, diagnostics: result.diagnostics, ...(baseProblem ? { baseProblem } : {}) };
}
