/**
 * `call` targets of a definition: which workflows it calls (`callTargets`), how a target is found
 * among the definitions a run carries (`findCallTarget`, the interpreter's rule), and the
 * transitive closure a run needs (`callClosure`), keyed once by `name@version`.
 * Sandbox-safe (pure).
 * @module
 */
import type { Workflow } from './ir';

/** One `call` step's target: a workflow name and, when pinned, its version. */
export interface CallTarget {
  workflow: string;
  version?: string;
}

/**
 * Every `call` step target in an IR (any nesting: groups, forEach bodies, branches).
 * @example
 * callTargets(ir) // [{ workflow: 'child', version: '1.0.0' }, { workflow: 'other' }]
 */
export function callTargets(ir: Workflow): CallTarget[] {
  const out: CallTarget[] = [];
  const visit = (node: unknown): void => {
    if (Array.isArray(node)) {
      for (const n of node) visit(n);
      return;
    }
    if (typeof node !== 'object' || node === null) return;
    const rec = node as Record<string, unknown>;
    if (rec.type === 'call' && typeof rec.workflow === 'string') {
      out.push({ workflow: rec.workflow, ...(typeof rec.version === 'string' ? { version: rec.version } : {}) });
    }
    for (const [k, v] of Object.entries(rec)) if (k !== 'with' && k !== 'input' && k !== 'output') visit(v);
  };
  visit(ir.steps);
  return out;
}

/**
 * Find a call target among the definitions a run carries: `name@version` first, then `name`
 * (checking a pinned version); unpinned, the highest `name@…` key.
 */
export function findCallTarget(childIrs: Record<string, Workflow> | undefined, name: string, version?: string): Workflow | undefined {
  if (!childIrs) return undefined;
  const own = (k: string): Workflow | undefined => (Object.hasOwn(childIrs, k) ? childIrs[k] : undefined);
  if (version) {
    const exact = own(`${name}@${version}`) ?? own(name);
    return exact && exact.version === version ? exact : undefined;
  }
  const plain = own(name);
  if (plain) return plain;
  const candidates = Object.keys(childIrs)
    .filter((k) => k.startsWith(`${name}@`))
    .sort();
  const last = candidates[candidates.length - 1];
  return last ? childIrs[last] : undefined;
}

/**
 * The definitions a run of `ir` needs: the transitive closure of its `call` targets found in
 * `available` (keys as `findCallTarget` reads them), each once under `name@version`. Targets not
 * found are left out (the interpreter reports them when the step runs).
 * @example
 * callClosure(parent, { child: childIr, 'child@1.0.0': childIr, unrelated: otherIr }) // { 'child@1.0.0': childIr }
 */
export function callClosure(ir: Workflow, available: Record<string, Workflow> | undefined): Record<string, Workflow> {
  const out: Record<string, Workflow> = {};
  const queue = callTargets(ir);
  const seen = new Set<string>();
  const unpinned = new Map<string, Workflow>();
  while (queue.length > 0) {
    const t = queue.shift()!;
    const want = t.version ? `${t.workflow}@${t.version}` : t.workflow;
    if (seen.has(want)) continue;
    seen.add(want);
    const found = findCallTarget(available, t.workflow, t.version);
    if (!found) continue;
    if (!t.version) unpinned.set(t.workflow, found);
    const key = `${found.name}@${found.version}`;
    if (Object.hasOwn(out, key)) continue;
    out[key] = found;
    queue.push(...callTargets(found));
  }
  // An unpinned call next to a pinned other version of the same workflow: name it exactly.
  for (const [name, found] of unpinned) if (findCallTarget(out, name) !== found) out[name] = found;
  return out;
}
