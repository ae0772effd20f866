import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ancestorsOf, buildStepGraph, countSteps, cycleIssue, dependentsOf, findCycle, topologicalOrder, unknownDependencies } from './dag';
import type { Step } from './ir';

type Spec = { kind: 'action' | 'parallel' | 'forEach' | 'when'; deps?: number[] | 'none'; children?: Spec[]; else?: Spec[] };

const act = (id: string, dependsOn?: string[]): Step =>
  ({ id, type: 'action', uses: 'log.info@1', effect: 'read', with: {}, ...(dependsOn ? { dependsOn } : {}) }) as Step;
const par = (id: string, steps: Step[], dependsOn?: string[]): Step => ({ id, type: 'parallel', steps, ...(dependsOn ? { dependsOn } : {}) }) as Step;
const each = (id: string, steps: Step[]): Step => ({ id, type: 'forEach', items: '{{ input.xs }}', steps }) as Step;
const when = (id: string, then: Step[], otherwise?: Step[]): Step =>
  ({ id, type: 'when', condition: { op: 'exists', ref: 'input.x' }, then, ...(otherwise ? { else: otherwise } : {}) }) as Step;

describe('buildStepGraph', () => {
  it('applies declared order, dependsOn: [] and parallel groups', () => {
    const g = buildStepGraph([act('a'), act('b'), act('c', []), par('p', [act('p1'), act('p2'), act('p3', ['p1'])]), act('d', ['a', 'p'])]);
    const deps = (id: string) => g.nodes.get(id)?.dependsOn;
    expect(deps('a')).toEqual([]);
    expect(deps('b')).toEqual(['a']);
    expect(deps('c')).toEqual([]);
    expect(deps('p')).toEqual(['c']);
    expect(deps('p1')).toEqual([]);
    expect(deps('p2')).toEqual([]);
    expect(deps('p3')).toEqual(['p1']);
    expect(deps('d')).toEqual(['a', 'p']);
    expect(g.nodes.get('a')?.dependents).toEqual(['b', 'd']);
    expect(g.nodes.get('p1')).toMatchObject({ parent: 'p', list: 'p.steps', implicit: true });
  });

  it('reports unknown and out-of-scope dependencies and duplicates', () => {
    const g = buildStepGraph([act('a'), when('w', [act('t1'), act('t2', ['a'])], [act('e1', ['t1'])]), act('b', ['ghost', 'a']), act('a')]);
    expect(unknownDependencies(g).map((u) => [u.stepId, u.dependency, u.reason, u.issue.code])).toEqual([
      ['t2', 'a', 'out-of-scope', 'FLOW_INVALID_REFERENCE'],
      ['e1', 't1', 'out-of-scope', 'FLOW_INVALID_REFERENCE'],
      ['b', 'ghost', 'unknown', 'FLOW_INVALID_REFERENCE'],
    ]);
    expect(unknownDependencies(g)[0]?.issue.hint).toMatch(/enclosing/);
    expect(g.duplicates).toEqual(['a']);
    expect(g.nodes.get('b')?.dependsOn).toEqual(['a']);
    expect(g.nodes.get('e1')?.list).toBe('w.else');
  });
});

describe('cycles and order', () => {
  it('finds an explicit cycle in order', () => {
    const g = buildStepGraph([act('a', ['c']), act('b', ['a']), act('c', ['b'])]);
    expect(findCycle(g)).toEqual(['a', 'c', 'b']);
    const issue = cycleIssue(findCycle(g)!);
    expect(issue.code).toBe('FLOW_CYCLE');
    expect(issue.message).toContain('a → c → b → a');
    expect(topologicalOrder(g)).toMatchObject({ ok: false, issues: [{ code: 'FLOW_CYCLE' }] });
  });

  it('finds cycles that go through declared order and self-dependencies', () => {
    expect(findCycle(buildStepGraph([act('a'), act('b', ['c']), act('c')]))).toEqual(['b', 'c']);
    expect(findCycle(buildStepGraph([par('p', [act('x', ['x'])])]))).toEqual(['x']);
    expect(findCycle(buildStepGraph([act('a'), act('b'), act('c', ['a'])]))).toBeUndefined();
  });

  it('orders containers before their children and dependencies first', () => {
    const g = buildStepGraph([act('z', ['y']), act('y', []), par('p', [act('p2', ['p1']), act('p1')], ['z']), act('w')]);
    expect(topologicalOrder(g)).toEqual({ ok: true, value: ['y', 'z', 'p', 'p1', 'p2', 'w'] });
  });
});

describe('ancestors and dependents', () => {
  const steps = [
    act('a'),
    par('p', [act('p1'), act('p2')]),
    each('loop', [act('l1'), act('l2')]),
    when('w', [act('t1'), act('t2')], [act('e1')]),
    act('free', []),
    act('last', ['w', 'free']),
  ];
  const g = buildStepGraph(steps);

  it('lists what has finished before a step starts', () => {
    expect(ancestorsOf(g, 'a')).toEqual([]);
    expect(ancestorsOf(g, 'p1')).toEqual(['a']);
    expect(ancestorsOf(g, 'loop')).toEqual(['a', 'p', 'p1', 'p2']);
    expect(ancestorsOf(g, 'l2')).toEqual(['a', 'p', 'p1', 'p2', 'l1']);
    // forEach bodies are not visible outside the loop; when branches are
    expect(ancestorsOf(g, 't2')).toEqual(['a', 'p', 'p1', 'p2', 'loop', 't1']);
    expect(ancestorsOf(g, 'e1')).toEqual(['a', 'p', 'p1', 'p2', 'loop']);
    expect(ancestorsOf(g, 'free')).toEqual([]);
    expect(ancestorsOf(g, 'last')).toEqual(['a', 'p', 'p1', 'p2', 'loop', 'w', 't1', 't2', 'e1', 'free']);
    expect(ancestorsOf(g, 'nope')).toEqual([]);
  });

  it('lists what waits for a step', () => {
    expect(dependentsOf(g, 'free')).toEqual(['last']);
    expect(dependentsOf(g, 'p1')).toEqual(['loop', 'l1', 'l2', 'w', 't1', 't2', 'e1', 'last']);
    expect(dependentsOf(g, 'l1')).toEqual(['l2', 'w', 't1', 't2', 'e1', 'last']);
  });

  it('counts every step', () => {
    expect(countSteps(steps)).toBe(13);
  });
});

// ---- properties ---------------------------------------------------------------------------

const arbSpecs: fc.Arbitrary<Spec[]> = fc.letrec<{ list: Spec[]; spec: Spec }>((tie) => ({
  list: fc.array(tie('spec'), { minLength: 1, maxLength: 3 }),
  spec: fc.oneof(
    { depthSize: 'small', maxDepth: 3 },
    fc.record({
      kind: fc.constant('action' as const),
      deps: fc.oneof(fc.constant(undefined), fc.constant('none' as const), fc.array(fc.nat(5), { maxLength: 2 })),
    }),
    fc.record({ kind: fc.constantFrom('parallel' as const, 'forEach' as const), deps: fc.constant(undefined), children: tie('list') }),
    fc.record({ kind: fc.constant('when' as const), deps: fc.constant(undefined), children: tie('list'), else: fc.option(tie('list'), { nil: undefined }) }),
  ),
})).list;

/** Materialise specs as steps; `acyclic` keeps only dependencies on earlier siblings. */
function toSteps(specs: Spec[], acyclic: boolean): Step[] {
  let n = 0;
  const build = (list: Spec[]): Step[] => {
    const ids = list.map(() => `s${++n}`);
    return list.map((s, i) => {
      const id = ids[i]!;
      let dependsOn: string[] | undefined;
      if (s.deps === 'none') dependsOn = [];
      else if (Array.isArray(s.deps))
        dependsOn = s.deps
          .map((d) => (acyclic ? d % (i + 1) : d % list.length))
          .filter((d) => !acyclic || d < i)
          .map((d) => ids[d]!);
      const base = { id, ...(dependsOn ? { dependsOn } : {}) };
      if (s.kind === 'action') return { ...act(id), ...base } as Step;
      const children = build(s.children ?? []);
      if (s.kind === 'parallel') return { ...par(id, children), ...base } as Step;
      if (s.kind === 'forEach') return { ...each(id, children), ...base } as Step;
      return { ...when(id, children, s.else ? build(s.else) : undefined), ...base } as Step;
    });
  };
  return build(specs);
}

/** Oracle: event graph with start/finish events; Y finished before X starts iff F(Y) reaches S(X). */
function oracleAncestors(steps: Step[], x: string): string[] {
  const edges = new Map<string, string[]>();
  const add = (a: string, b: string) => edges.set(a, [...(edges.get(a) ?? []), b]);
  const g = buildStepGraph(steps);
  for (const node of g.nodes.values()) {
    add(`S:${node.id}`, `F:${node.id}`);
    for (const d of node.dependsOn) add(`F:${d}`, `S:${node.id}`);
    for (const c of node.children) {
      add(`S:${node.id}`, `S:${c}`);
      add(`F:${c}`, `F:${node.id}`);
    }
  }
  const reaches = (from: string, to: string) => {
    const seen = new Set<string>();
    const stack = [from];
    while (stack.length) {
      const e = stack.pop()!;
      if (e === to) return true;
      if (seen.has(e)) continue;
      seen.add(e);
      stack.push(...(edges.get(e) ?? []));
    }
    return false;
  };
  const containers = (id: string): string[] => {
    const out: string[] = [];
    for (let p = g.nodes.get(id)?.parent; p; p = g.nodes.get(p)?.parent) out.push(p);
    return out;
  };
  const hiddenFrom = (y: string) => containers(y).some((c) => g.nodes.get(c)?.step.type === 'forEach' && !containers(x).includes(c) && c !== x);
  return [...g.nodes.keys()].filter((y) => y !== x && reaches(`F:${y}`, `S:${x}`) && !hiddenFrom(y));
}

describe('graph properties', () => {
  it('ancestorsOf matches the event-graph oracle; dependentsOf is its inverse', () => {
    fc.assert(
      fc.property(arbSpecs, (specs) => {
        const steps = toSteps(specs, true);
        const g = buildStepGraph(steps);
        expect(findCycle(g)).toBeUndefined();
        const deps = new Map([...g.nodes.keys()].map((y) => [y, new Set(dependentsOf(g, y))]));
        for (const x of g.nodes.keys()) {
          const ancestors = ancestorsOf(g, x);
          const oracle = oracleAncestors(steps, x);
          if (JSON.stringify(ancestors) !== JSON.stringify(oracle)) {
            throw new Error(`ancestorsOf(${x}) = ${ancestors} but oracle says ${oracle} in ${JSON.stringify(steps)}`);
          }
          // dependentsOf also looks inside forEach bodies (they do run later)
          for (const y of ancestors) expect(deps.get(y)?.has(x)).toBe(true);
        }
      }),
      { numRuns: 100, endOnFailure: true },
    );
  });

  it('finds a real cycle whenever topological order is impossible', () => {
    fc.assert(
      fc.property(arbSpecs, (specs) => {
        const g = buildStepGraph(toSteps(specs, false));
        const cycle = findCycle(g);
        if (cycle) {
          cycle.forEach((id, i) => expect(g.nodes.get(id)?.dependsOn).toContain(cycle[(i + 1) % cycle.length]));
          expect(topologicalOrder(g).ok).toBe(false);
        } else {
          const order = topologicalOrder(g);
          if (!order.ok) throw new Error('expected an order');
          expect([...order.value].sort()).toEqual([...g.nodes.keys()].sort());
          for (const node of g.nodes.values()) {
            for (const d of node.dependsOn) expect(order.value.indexOf(d)).toBeLessThan(order.value.indexOf(node.id));
            if (node.parent) expect(order.value.indexOf(node.parent)).toBeLessThan(order.value.indexOf(node.id));
          }
        }
      }),
      { numRuns: 300 },
    );
  });
});
