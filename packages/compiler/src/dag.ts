/**
 * The step graph as the compiler uses it — a thin view over @flowops/core's `buildStepGraph`,
 * `ancestorsOf`, `findCycle` and `unknownDependencies` (the ordering and scoping rules live there).
 * @module
 */
import { type Step, ancestorsOf, buildStepGraph, findCycle, unknownDependencies } from '@flowops/core';

export interface Dag {
  ids: Set<string>;
  /** Steps whose output is available to `id` when it runs. */
  ancestors(id: string): Set<string>;
  /** A dependency cycle (ids in order, the first repeated at the end), if any. */
  cycle(): string[] | undefined;
  /** dependsOn entries naming no step, or a step outside the same list. */
  unknownDeps: { step: string; index: number; dep: string; message: string; hint: string }[];
}

export function buildDag(steps: Step[]): Dag {
  const graph = buildStepGraph(steps);
  const memo = new Map<string, Set<string>>();
  return {
    ids: new Set(graph.nodes.keys()),
    ancestors(id) {
      let set = memo.get(id);
      if (!set) {
        set = new Set(ancestorsOf(graph, id));
        memo.set(id, set);
      }
      return set;
    },
    cycle() {
      const cycle = findCycle(graph);
      return cycle ? [...cycle, cycle[0]!] : undefined;
    },
    unknownDeps: unknownDependencies(graph).map((u) => ({
      step: u.stepId,
      index: graph.nodes.get(u.stepId)?.step.dependsOn?.indexOf(u.dependency) ?? 0,
      dep: u.dependency,
      message: u.issue.message,
      hint: u.issue.hint ?? 'name an existing step of the same list in dependsOn',
    })),
  };
}

/** Nodes and dependency edges of a workflow's steps, for `flowops graph --format json`. */
export function stepGraph(ir: { steps: Step[] }): {
  nodes: { id: string; type: string; uses?: string; parent?: string }[];
  edges: { from: string; to: string }[];
} {
  const graph = buildStepGraph(ir.steps);
  const nodes = [...graph.nodes.values()].map((n) => ({
    id: n.id,
    type: n.step.type,
    ...(n.step.type === 'action' ? { uses: n.step.uses } : {}),
    ...(n.parent ? { parent: n.parent } : {}),
  }));
  const edges = [...graph.nodes.values()].flatMap((n) => n.dependsOn.map((from) => ({ from, to: n.id })));
  return { nodes, edges };
}
