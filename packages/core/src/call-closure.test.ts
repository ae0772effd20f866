import { describe, expect, it } from 'vitest';
import { callClosure, callTargets, findCallTarget } from './call-closure';
import type { Step, Workflow } from './ir';

const call = (id: string, workflow: string, version?: string): Step => ({ id, type: 'call', workflow, ...(version ? { version } : {}), with: {} }) as Step;
const log = (id: string): Step => ({ id, type: 'action', uses: 'log.info@1', effect: 'read', with: { message: 'x' } }) as Step;
const wf = (name: string, version: string, steps: Step[]): Workflow =>
  ({ apiVersion: 'flowops/v1', name, version, owner: '@o', triggers: [], steps }) as unknown as Workflow;

describe('callClosure', () => {
  const leaf = wf('leaf', '1.0.0', [log('a')]);
  const mid = wf('mid', '2.0.0', [call('c', 'leaf')]);
  const top = wf('top', '1.0.0', [{ id: 'g', type: 'parallel', steps: [call('m', 'mid', '2.0.0')] } as Step]);
  const unrelated = wf('unrelated', '1.0.0', [log('a')]);
  // what the CLI and the App hand over: every workflow of the repository, by name and by name@version
  const all: Record<string, Workflow> = {};
  for (const w of [leaf, mid, top, unrelated]) {
    all[w.name] = w;
    all[`${w.name}@${w.version}`] = w;
  }

  it('keeps only the transitive call targets, each once under name@version', () => {
    expect(callClosure(top, all)).toEqual({ 'mid@2.0.0': mid, 'leaf@1.0.0': leaf });
    expect(callClosure(leaf, all)).toEqual({});
  });

  it('finds every target the interpreter would find in the full set', () => {
    const closure = callClosure(top, all);
    for (const t of [...callTargets(top), ...callTargets(mid)])
      expect(findCallTarget(closure, t.workflow, t.version)).toBe(findCallTarget(all, t.workflow, t.version));
  });

  it('names an unpinned target exactly when a pinned other version of it is carried too', () => {
    const leaf2 = wf('leaf', '10.0.0', [log('b')]);
    const both = wf('both', '1.0.0', [call('p', 'leaf', '10.0.0'), call('u', 'leaf')]);
    const closure = callClosure(both, { leaf, 'leaf@1.0.0': leaf, 'leaf@10.0.0': leaf2 });
    expect(findCallTarget(closure, 'leaf')).toBe(leaf);
    expect(findCallTarget(closure, 'leaf', '10.0.0')).toBe(leaf2);
  });

  it('terminates on call cycles', () => {
    const a = wf('a', '1.0.0', [call('b', 'b')]);
    const b = wf('b', '1.0.0', [call('a', 'a')]);
    expect(Object.keys(callClosure(a, { a, b }))).toEqual(['b@1.0.0', 'a@1.0.0']);
  });
});
