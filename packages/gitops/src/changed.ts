/**
 * Which workflows a change touches between two refs: `changedBetween` compares two compiled
 * sets (a workflow whose IR hash differs, that the base lacks, that the head lacks, or that no
 * longer compiles at the head is changed); `findChanged` compiles a checkout (with `base`, so the
 * version policy's diagnostics come along) against a base ref extracted with git archive. The
 * CLI (`flowops dry-run --changed`) and the GitHub App's PR report both use `changedBetween`.
 * @module
 */
import { type Workflow, diffWorkflows } from '@flowops/core';
import { type CompiledWorkflow, type Diagnostic, checkWorkflows } from '@flowops/compiler';
import { headSha } from './git';
import { workflowsAtRef } from './load-git';

/** A compiled workflow as `changedBetween` compares it. */
export interface ComparedWorkflow {
  name: string;
  version: string;
  hash: string;
  ir: Workflow;
}

/** A diagnostic as `changedBetween` reads it (the compiler's and the App's report diagnostics fit). */
export interface ComparedDiagnostic {
  severity: string;
  workflow?: string | null | undefined;
}

/** One workflow a change touches. */
export interface ChangedEntry<W extends ComparedWorkflow = CompiledWorkflow, D extends ComparedDiagnostic = Diagnostic> {
  name: string;
  change: 'added' | 'changed' | 'removed';
  version: string;
  /** The head's definition (absent when removed, or when it no longer compiles). */
  head?: W | undefined;
  /** The base's definition (absent when added). */
  baseIr?: Workflow | undefined;
  steps?: { added: string[]; changed: string[]; removed: string[] } | undefined;
  /** Compile errors of the head's definition (then it cannot be dry-run). */
  errors: D[];
}

/** The changed workflows of a checkout against a base ref. */
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
 * The workflows that differ between `base` and `head` (compiled sets: workflows and the head's
 * diagnostics), sorted by name. A workflow the head has errors for but could not compile counts
 * as changed, not removed (the base compiled it, so something changed).
 */
export function changedBetween<W extends ComparedWorkflow, D extends ComparedDiagnostic>(
  base: { workflows: readonly ComparedWorkflow[] } | undefined,
  head: { workflows: readonly W[]; diagnostics: readonly D[] },
): ChangedEntry<W, D>[] {
  const baseWorkflows = base?.workflows ?? [];
  const byName = new Map(baseWorkflows.map((w) => [w.name, w]));
  const compiled = new Set(head.workflows.map((w) => w.name));
  const errorsOf = (name: string): D[] => head.diagnostics.filter((d) => d.severity === 'error' && d.workflow === name);
  const changed: ChangedEntry<W, D>[] = [];
  for (const w of head.workflows) {
    const before = byName.get(w.name);
    if (!before) {
      changed.push({ name: w.name, change: 'added', version: w.version, head: w, errors: errorsOf(w.name) });
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
      errors: errorsOf(w.name),
    });
  }
  // Workflows that no longer compile are changed too (the base compiled, so something changed).
  const broken = new Set(head.diagnostics.filter((d) => d.severity === 'error' && d.workflow && !compiled.has(d.workflow)).map((d) => d.workflow!));
  for (const name of broken) {
    changed.push({ name, change: 'changed', version: byName.get(name)?.version ?? '?', baseIr: byName.get(name)?.ir, errors: errorsOf(name) });
  }
  for (const b of baseWorkflows) {
    if (!compiled.has(b.name) && !broken.has(b.name)) changed.push({ name: b.name, change: 'removed', version: b.version, baseIr: b.ir, errors: [] });
  }
  changed.sort((a, b) => a.name.localeCompare(b.name));
  return changed;
}

/** The workflows of the checkout at `root` that changed since `base` (default `defaultBase`). */
export async function findChanged(root: string, base = defaultBase(root), opts: { typecheck?: boolean | undefined } = {}): Promise<ChangedSet> {
  // The base first: an unknown ref is an error before anything is compiled.
  const at = await workflowsAtRef(root, base);
  const result = await checkWorkflows({ root, base, typecheck: opts.typecheck ?? false });
  return { base, baseSha: at.sha, head: result.workflows, changed: changedBetween(at, result), diagnostics: result.diagnostics };
}
