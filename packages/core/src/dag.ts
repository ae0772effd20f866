/**
 * The step graph: who waits for whom.
 *
 * Ordering rule (one step list at a time — the workflow's `steps`, a parallel group's or
 * forEach's `steps`, a when's `then`/`else`):
 * - a step without `dependsOn` waits for the step declared before it in the same list;
 *   `dependsOn: []` waits for nothing; the first step of a list waits for nothing;
 * - children of a `parallel` group have no implicit order (only explicit `dependsOn`);
 * - the children of a container (parallel, forEach, when) start after the container starts,
 *   and the container completes when its children have.
 *
 * Scoping rule: `dependsOn` may only name a *sibling* (a step of the same list). Waiting for
 * a step outside the list is expressed on the container; naming a step inside another
 * container would be ill-defined (a forEach body runs once per item, a when branch may not
 * run). Such entries are reported by `unknownDependencies` and ignored by the graph.
 * @module
 */
import { type FlowIssue, type Result, fail, ok } from './codes';
import { type Step, childStepLists } from './ir';

export interface StepNode {
  id: string;
  step: Step;
  /** Id of the container step, undefined at the top level. */
  parent: string | undefined;
  /** Key of the list this step is in: `root`, `<parent>.steps`, `<parent>.then`, `<parent>.else`. */
  list: string;
  /** Position in its list. */
  index: number;
  /** Siblings this step waits for directly (explicit `dependsOn`, or the previous sibling). */
  dependsOn: string[];
  /** True when `dependsOn` came from declared order rather than the definition. */
  implicit: boolean;
  /** Siblings that wait for this step directly. */
  dependents: string[];
  /** Direct children, in declared order (all child lists). */
  children: string[];
}

export interface StepGraph {
  /** One node per step id (the first step when an id is duplicated). */
  nodes: Map<string, StepNode>;
  /** Every step list: its key, container and step ids in declared order. */
  lists: { key: string; parent: string | undefined; ids: string[] }[];
  /** Step ids declared more than once (FLOW_DUPLICATE_STEP is the caller's to report). */
  duplicates: string[];
  /** `dependsOn` entries that name no sibling. */
  unknown: UnknownDependency[];
}

export interface UnknownDependency {
  stepId: string;
  dependency: string;
  /** `unknown`: no step has that id; `out-of-scope`: it exists but is not a sibling. */
  reason: 'unknown' | 'out-of-scope';
}

function listKey(parent: string | undefined, step: Step | undefined, i: number): string {
  if (!parent || !step) return 'root';
  if (step.type === 'when') return `${parent}.${i === 0 ? 'then' : 'else'}`;
  return `${parent}.steps`;
}

/** Build the graph of a workflow's steps (or any step list). */
export function buildStepGraph(steps: Step[]): StepGraph {
  const graph: StepGraph = { nodes: new Map(), lists: [], duplicates: [], unknown: [] };
  const allIds = new Set<string>();
  const pending: { node: StepNode; explicit: string[] | undefined; siblings: Set<string>; previous: string | undefined; parallel: boolean }[] = [];

  const addList = (list: Step[], parent: Step | undefined, listIndex: number): void => {
    const key = listKey(parent?.id, parent, listIndex);
    const ids = list.map((s) => s.id);
    graph.lists.push({ key, parent: parent?.id, ids });
    const siblings = new Set(ids);
    const parallel = parent?.type === 'parallel';
    list.forEach((step, index) => {
      if (allIds.has(step.id)) {
        if (!graph.duplicates.includes(step.id)) graph.duplicates.push(step.id);
      }
      allIds.add(step.id);
      const node: StepNode = {
        id: step.id,
        step,
        parent: parent?.id,
        list: key,
        index,
        dependsOn: [],
        implicit: step.dependsOn === undefined,
        dependents: [],
        children: childStepLists(step).flatMap((l) => l.map((c) => c.id)),
      };
      if (!graph.nodes.has(step.id)) graph.nodes.set(step.id, node);
      pending.push({ node, explicit: step.dependsOn, siblings, previous: index > 0 ? list[index - 1]?.id : undefined, parallel });
      childStepLists(step).forEach((childList, i) => addList(childList, step, i));
    });
  };
  addList(steps, undefined, 0);

  for (const { node, explicit, siblings, previous, parallel } of pending) {
    if (graph.nodes.get(node.id) !== node) continue;
    if (explicit === undefined) {
      node.dependsOn = previous !== undefined && !parallel ? [previous] : [];
    } else {
      for (const dep of explicit) {
        if (siblings.has(dep)) {
          if (!node.dependsOn.includes(dep)) node.dependsOn.push(dep);
        } else {
          graph.unknown.push({ stepId: node.id, dependency: dep, reason: allIds.has(dep) ? 'out-of-scope' : 'unknown' });
        }
      }
    }
  }
  for (const node of graph.nodes.values()) {
    for (const dep of node.dependsOn) graph.nodes.get(dep)?.dependents.push(node.id);
  }
  return graph;
}

/** `dependsOn` entries that name no sibling, with a ready-made issue each (FLOW_INVALID_REFERENCE). */
export function unknownDependencies(graph: StepGraph): (UnknownDependency & { issue: FlowIssue })[] {
  return graph.unknown.map((u) => ({
    ...u,
    issue: {
      code: 'FLOW_INVALID_REFERENCE',
      message:
        u.reason === 'unknown'
          ? `Step "${u.stepId}" depends on "${u.dependency}", which does not exist`
          : `Step "${u.stepId}" depends on "${u.dependency}", which is not in the same step list`,
      hint:
        u.reason === 'unknown'
          ? 'name an existing step in dependsOn (check the spelling)'
          : 'dependsOn may only name steps of the same list; to wait for a step outside, put the dependency on the enclosing parallel/forEach/when step',
      path: `${u.stepId}.dependsOn`,
    },
  }));
}

/**
 * A dependency cycle, if any: step ids in order, each waiting for the next and the last
 * waiting for the first (`["a"]` is a step that depends on itself). Deterministic: the first
 * cycle reachable in declared order.
 */
export function findCycle(graph: StepGraph): string[] | undefined {
  const state = new Map<string, 'visiting' | 'done'>();
  const stack: string[] = [];
  const visit = (id: string): string[] | undefined => {
    const s = state.get(id);
    if (s === 'done') return undefined;
    if (s === 'visiting') return stack.slice(stack.indexOf(id));
    state.set(id, 'visiting');
    stack.push(id);
    for (const dep of graph.nodes.get(id)?.dependsOn ?? []) {
      const found = visit(dep);
      if (found) return found;
    }
    stack.pop();
    state.set(id, 'done');
    return undefined;
  };
  for (const id of graph.nodes.keys()) {
    const found = visit(id);
    if (found) return found;
  }
  return undefined;
}

/** The FLOW_CYCLE issue for a cycle found by `findCycle`. */
export function cycleIssue(cycle: string[]): FlowIssue {
  return {
    code: 'FLOW_CYCLE',
    message: `Steps wait for each other in a cycle: ${[...cycle, cycle[0]].join(' → ')}`,
    hint: `remove one of these dependencies (a step without dependsOn waits for the step declared before it; write dependsOn: [] to wait for nothing)`,
    path: cycle[0],
  };
}

/**
 * Every step id in an order that respects the graph: within each list, dependencies first
 * (ties in declared order); each container is followed by its children. FLOW_CYCLE on a cycle.
 */
export function topologicalOrder(graph: StepGraph): Result<string[]> {
  const cycle = findCycle(graph);
  if (cycle) return fail(cycleIssue(cycle));
  const byKey = new Map(graph.lists.map((l) => [l.key, l]));
  const out: string[] = [];
  const emitList = (key: string): void => {
    const list = byKey.get(key);
    if (!list) return;
    const ids = list.ids.filter((id, i) => list.ids.indexOf(id) === i && graph.nodes.get(id)?.list === key);
    const done = new Set<string>();
    while (done.size < ids.length) {
      const next = ids.find((id) => !done.has(id) && (graph.nodes.get(id)?.dependsOn ?? []).every((d) => done.has(d)));
      if (next === undefined) break; // unreachable: no cycle
      done.add(next);
      out.push(next);
      const node = graph.nodes.get(next);
      if (node) for (const k of new Set(node.children.map((c) => graph.nodes.get(c)?.list))) if (k) emitList(k);
    }
  };
  emitList('root');
  return ok(out);
}

/** Transitive closure of `dependsOn` within one list (not including `id`). */
function siblingPredecessors(graph: StepGraph, id: string): string[] {
  const seen = new Set<string>();
  const queue = [...(graph.nodes.get(id)?.dependsOn ?? [])];
  while (queue.length > 0) {
    const d = queue.shift()!;
    if (seen.has(d) || d === id) continue;
    seen.add(d);
    queue.push(...(graph.nodes.get(d)?.dependsOn ?? []));
  }
  return [...seen];
}

function descendants(graph: StepGraph, id: string, throughForEach: boolean, into: Set<string>): void {
  const node = graph.nodes.get(id);
  if (!node || (!throughForEach && node.step.type === 'forEach')) return;
  for (const c of node.children) {
    into.add(c);
    descendants(graph, c, throughForEach, into);
  }
}

/**
 * Steps guaranteed to have finished (succeeded, failed with `onError: continue`, or been
 * skipped) before `stepId` starts — the steps whose `steps.X.output` it may reference:
 * its transitive sibling dependencies and what they contain (except forEach bodies, which run
 * once per item), and the same for each enclosing container. In declared (depth-first) order.
 */
export function ancestorsOf(graph: StepGraph, stepId: string): string[] {
  const result = new Set<string>();
  let id: string | undefined = stepId;
  const guard = new Set<string>();
  while (id !== undefined && !guard.has(id)) {
    guard.add(id);
    for (const p of siblingPredecessors(graph, id)) {
      result.add(p);
      descendants(graph, p, false, result);
    }
    id = graph.nodes.get(id)?.parent;
  }
  result.delete(stepId);
  return inDeclaredOrder(graph, result);
}

/**
 * Steps that start only after `stepId` has finished: siblings that wait for it (transitively),
 * everything inside them, and the same for each enclosing container. In declared order.
 */
export function dependentsOf(graph: StepGraph, stepId: string): string[] {
  const result = new Set<string>();
  let id: string | undefined = stepId;
  const guard = new Set<string>();
  while (id !== undefined && !guard.has(id)) {
    guard.add(id);
    const queue: string[] = [...(graph.nodes.get(id)?.dependents ?? [])];
    const seen = new Set<string>();
    while (queue.length > 0) {
      const d: string = queue.shift()!;
      if (seen.has(d) || d === id) continue;
      seen.add(d);
      result.add(d);
      descendants(graph, d, true, result);
      queue.push(...(graph.nodes.get(d)?.dependents ?? []));
    }
    id = graph.nodes.get(id)?.parent;
  }
  result.delete(stepId);
  return inDeclaredOrder(graph, result);
}

function inDeclaredOrder(graph: StepGraph, ids: Set<string>): string[] {
  return [...graph.nodes.keys()].filter((id) => ids.has(id));
}

/** Number of steps, containers and nested steps included. */
export function countSteps(steps: Step[]): number {
  let n = 0;
  for (const s of steps) n += 1 + childStepLists(s).reduce((acc, l) => acc + countSteps(l), 0);
  return n;
}
