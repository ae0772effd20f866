import { testIr } from '@flowops/testing';
import { describe, expect, it } from 'vitest';
import { applyActivate, applyDeactivate, applyPublish, initialState, summaryOf } from '../workflows/registry/state';
import type { ChangeMeta, ChangeResult, PublishCommand, RegistryState } from '../workflows/registry/types';
import { type RegistryHistory, definitionIn, summaryIn } from './registry-history';

const meta: ChangeMeta = { actor: 'ada', source: 'cli', gitSha: 'abc1234' };
const at = (i: number): string => new Date(Date.UTC(2026, 0, 1, 0, i)).toISOString();
const cmd = (version: string, hashChar: string, activate = true): PublishCommand => ({
  version,
  hash: hashChar.repeat(64),
  ir: testIr({ name: 'deploy', version, description: `content ${hashChar}` }),
  activate,
  meta,
});

/** What the registry workflow's run records: its start state, accepted publishes, completed changes. */
function run(start: RegistryState, ops: ((s: RegistryState, now: string) => { result: ChangeResult; publish?: PublishCommand })[]) {
  const state = structuredClone(start);
  const h: RegistryHistory = { start: structuredClone(start), published: [], completed: [] };
  ops.forEach((op, i) => {
    const { result, publish } = op(state, at(i));
    if (publish) h.published.push(publish);
    h.completed.push(result);
  });
  return { state, h };
}

const publish = (c: PublishCommand) => (s: RegistryState, now: string) => ({ result: applyPublish(s, c, now), publish: c });

describe('the registry read from history', () => {
  it('rebuilds the summary the query answers, across a continue-as-new', () => {
    const first = run(initialState('deploy'), [
      publish(cmd('1.0.0', 'a')),
      publish(cmd('1.1.0', 'b')),
      (s, now) => ({ result: applyActivate(s, { version: '1.0.0', meta }, now) }),
    ]);
    expect(summaryIn(first.h)).toEqual(summaryOf(first.state));
    // the next run starts from the state carried over (generation + 1), then changes again
    const second = run({ ...first.state, generation: 1 }, [
      publish(cmd('1.0.0', 'a')), // same version and hash: a no-op
      publish(cmd('2.0.0', 'c', false)),
      (s, now) => ({ result: applyDeactivate(s, { meta }, now) }),
    ]);
    expect(summaryIn(second.h)).toEqual(summaryOf(second.state));
    expect(summaryIn(second.h)).toMatchObject({ active: null, generation: 1, auditTotal: 7 });
  });

  it('finds a definition by version and hash, in the start state or an accepted publish', () => {
    const first = run(initialState('deploy'), [publish(cmd('1.0.0', 'a'))]);
    const second = run(first.state, [publish(cmd('1.1.0', 'b'))]);
    expect(definitionIn(second.h, '1.0.0', 'a'.repeat(64))?.description).toBe('content a'); // carried in the start state
    expect(definitionIn(second.h, '1.1.0', 'b'.repeat(64))?.description).toBe('content b'); // from the publish update
    expect(definitionIn(second.h, '1.1.0', 'f'.repeat(64))).toBeUndefined(); // a refused publish of other content
    expect(definitionIn(second.h, '9.9.9', undefined)).toBeUndefined();
  });
});
