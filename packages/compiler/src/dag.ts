/**
 * The step graph as the compiler needs it: who may read whom (ancestors) and cycles.
 * TEMPORARY local implementation until @flowops/core's buildStepGraph/ancestorsOf/findCycle
 * land; the compiler only uses this module's interface.
 * @module
 */
import type { Step } from '@flowops/core';

export interface Dag {
  ids: Set<string>;
  /** Steps whose output is available to `id` when it runs. */
  ancestors(id: string): Set<string>;
  /** A dependency cycle (ids, first repeated at the end), if any. */
  cycle(): string[] | undefined;
  /** dependsOn entries naming no step. */
  unknownDeps: { step: string; index: number; dep: string }[];
}

export function buildDag(steps: Step[]): Dag {
  const deps = new Map<string, string[]>();
  const children = new Map<string, string[]>();
  const parents = new Map<string, string>();
  const ids = new Set<string>();
  const unknownDeps: Dag['unknownDeps'] = [];
  const all: Step[] = [];
  const visit = (list: Step[], parent: Step | undefined, concurrent: boolean): void => {
    list.forEach((step, i) => {
      ids.add(step.id);
      all.push(step);
      const prev = i > 0 && !concurrent ? [list[i - 1]!.id] : [];
      deps.set(step.id, step.dependsOn ?? prev);
      if (parent) parents.set(step.id, parent.id);
      const kids: string[] = [];
      const sub = (l: Step[], conc: boolean) => {
        visit(l, step, conc);
        kids.push(...l.map((s) => s.id));
      };
      if (step.type === 'parallel') sub(step.steps, true);
      if (step.type === 'forEach') sub(step.steps, false);
      if (step.type === 'when') {
        sub(step.then, false);
        if (step.else) sub(step.else, false);
      }
      children.set(step.id, kids);
    });
  };
  visit(steps, undefined, false);
  for (const s of all) (s.dependsOn ?? []).forEach((d, index) => { if (!ids.has(d)) unknownDeps.push({ step: s.id, index, dep: d }); });
  const descendants = (id: string, out: Set<string>) => {
    for (const k of children.get(id) ?? []) if (!out.has(k)) { out.add(k); descendants(k, out); }
  };
  /** Direct dependencies, plus the container's (a nested step starts when its container does). */
  const depsOf = (id: string): string[] => {
    const parent = parents.get(id);
    return [...(deps.get(id) ?? []), ...(parent ? depsOf(parent) : [])];
  };
  return {
    ids,
    unknownDeps,
    ancestors(id) {
      const out = new Set<string>();
      const stack = [...depsOf(id)];
      while (stack.length) {
        const d = stack.pop()!;
        if (out.has(d) || !ids.has(d)) continue;
        out.add(d);
        descendants(d, out);
        stack.push(...depsOf(d));
      }
      return out;
    },
    cycle() {
      const state = new Map<string, 1 | 2>();
      const trail: string[] = [];
      let found: string[] | undefined;
      const dfs = (id: string): void => {
        if (found) return;
        state.set(id, 1);
        trail.push(id);
        for (const d of (deps.get(id) ?? []).filter((x) => ids.has(x))) {
          if (state.get(d) === 1) { found = [...trail.slice(trail.indexOf(d)), d]; return; }
          if (!state.has(d)) dfs(d);
          if (found) return;
        }
        trail.pop();
        state.set(id, 2);
      };
      for (const id of ids) if (!state.has(id)) dfs(id);
      return found;
    },
  };
}

/** Nodes and dependency edges of a workflow's steps, for `flowops graph --format json`. */
export function stepGraph(ir: { steps: Step[] }): { nodes: { id: string; type: string; uses?: string; parent?: string }[]; edges: { from: string; to: string }[] } {
  const nodes: { id: string; type: string; uses?: string; parent?: string }[] = [];
  const edges: { from: string; to: string }[] = [];
  const visit = (list: Step[], parent: Step | undefined, concurrent: boolean) => {
    list.forEach((step, i) => {
      nodes.push({ id: step.id, type: step.type, ...(step.type === 'action' ? { uses: step.uses } : {}), ...(parent ? { parent: parent.id } : {}) });
      const deps = step.dependsOn ?? (i > 0 && !concurrent ? [list[i - 1]!.id] : []);
      for (const d of deps) edges.push({ from: d, to: step.id });
      if (step.type === 'parallel') visit(step.steps, step, true);
      if (step.type === 'forEach') visit(step.steps, step, false);
      if (step.type === 'when') {
        visit(step.then, step, false);
        if (step.else) visit(step.else, step, false);
      }
    });
  };
  visit(ir.steps, undefined, false);
  return { nodes, edges };
}
