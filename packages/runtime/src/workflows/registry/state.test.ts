import type { Workflow } from '@flowops/core';
import { describe, expect, it } from 'vitest';
import { MAX_AUDIT, MAX_DEFINITIONS, applyActivate, applyDeactivate, applyPublish, checkActivate, checkPublish, initialState } from './state';
import type { ChangeMeta } from './types';

const meta: ChangeMeta = { actor: 'ada', source: 'cli', gitSha: 'abc123' };
const ir = (version: string): Workflow =>
  ({ apiVersion: 'flowops/v1', kind: 'Workflow', name: 'deploy', version, owner: '@acme/ops', input: {}, triggers: [], steps: [] }) as unknown as Workflow;
const hash = (c: string): string => c.repeat(64);
const now = '2025-01-01T00:00:00.000Z';

describe('registry state', () => {
  it('publishes, activates, and treats the same hash again as a no-op', () => {
    const s = initialState('deploy');
    const first = applyPublish(s, { version: '1.0.0', hash: hash('a'), ir: ir('1.0.0'), meta }, now);
    expect(first.changed).toBe(true);
    expect(first.events.map((e) => e.kind)).toEqual(['publish', 'activate']);
    expect(first.index).toMatchObject({ active: '1.0.0', activeHash: hash('a'), versions: { '1.0.0': hash('a') } });
    const again = applyPublish(s, { version: '1.0.0', hash: hash('a'), ir: ir('1.0.0'), meta }, now);
    expect(again.changed).toBe(false);
    expect(s.auditTotal).toBe(2);
  });

  it('refuses another hash for a published version and non-semver versions', () => {
    const s = initialState('deploy');
    applyPublish(s, { version: '1.0.0', hash: hash('a'), ir: ir('1.0.0'), meta }, now);
    expect(checkPublish(s, { version: '1.0.0', hash: hash('b'), ir: ir('1.0.0'), meta })?.code).toBe('FLOW_VERSION_IMMUTABLE');
    expect(checkPublish(s, { version: 'v1', hash: hash('b'), ir: ir('v1'), meta })?.code).toBe('FLOW_VERSION_INVALID');
    expect(checkPublish(s, { version: '1.1.0', hash: hash('b'), ir: ir('1.0.0'), meta })?.code).toBe('FLOW_SCHEMA_INVALID');
    expect(checkPublish(s, { version: '1.1.0', hash: hash('b'), ir: ir('1.1.0'), meta })).toBeUndefined();
  });

  it('records activating an older version as a rollback, and deactivation', () => {
    const s = initialState('deploy');
    applyPublish(s, { version: '1.0.0', hash: hash('a'), ir: ir('1.0.0'), meta }, now);
    applyPublish(s, { version: '1.1.0', hash: hash('b'), ir: ir('1.1.0'), meta }, now);
    expect(checkActivate(s, { version: '2.0.0', meta })?.code).toBe('FLOW_UNKNOWN_VERSION');
    const back = applyActivate(s, { version: '1.0.0', meta }, now);
    expect(back.events[0]).toMatchObject({ kind: 'rollback', version: '1.0.0', hash: hash('a'), actor: 'ada', gitSha: 'abc123' });
    expect(applyActivate(s, { version: '1.0.0', meta }, now).changed).toBe(false);
    const off = applyDeactivate(s, { meta }, now);
    expect(off.index.active).toBeNull();
    expect(s.versions).toHaveLength(2);
    expect(applyDeactivate(s, { meta }, now).changed).toBe(false);
  });

  it('keeps the audit and the stored definitions bounded, restoring pruned ones on re-publish', () => {
    const s = initialState('deploy');
    const n = MAX_DEFINITIONS + 10;
    for (let i = 0; i < n; i++) applyPublish(s, { version: `1.${i}.0`, hash: hash((i % 10).toString()), ir: ir(`1.${i}.0`), meta }, now);
    expect(Object.keys(s.definitions)).toHaveLength(MAX_DEFINITIONS);
    expect(s.definitions[`1.${n - 1}.0`]).toBeDefined();
    expect(s.versions).toHaveLength(n);
    expect(checkActivate(s, { version: '1.0.0', meta })?.code).toBe('FLOW_UNKNOWN_VERSION');
    applyPublish(s, { version: '1.0.0', hash: hash('0'), ir: ir('1.0.0'), activate: false, meta }, now);
    expect(checkActivate(s, { version: '1.0.0', meta })).toBeUndefined();
    for (let i = 0; i < MAX_AUDIT; i++) applyDeactivate(s, { meta }, now) && applyActivate(s, { version: '1.0.0', meta }, now);
    expect(s.audit.length).toBeLessThanOrEqual(MAX_AUDIT);
    expect(s.audit.at(-1)?.seq).toBe(s.auditTotal);
  });

  it('orders versions as semver does: an older version activated is a rollback', () => {
    const kindOf = (from: string, to: string): string | undefined => {
      const s = initialState('deploy');
      applyPublish(s, { version: from, hash: hash('a'), ir: ir(from), meta }, now);
      applyPublish(s, { version: to, hash: hash('b'), ir: ir(to), activate: false, meta }, now);
      return applyActivate(s, { version: to, meta }, now).events[0]?.kind;
    };
    expect(kindOf('1.0.0-alpha.10', '1.0.0-alpha.2')).toBe('rollback');
    expect(kindOf('1.0.0-alpha.2', '1.0.0-alpha.10')).toBe('activate');
    expect(kindOf('1.10.0', '1.9.0')).toBe('rollback');
    expect(kindOf('1.0.0', '1.0.0-rc.1')).toBe('rollback');
    expect(kindOf('1.0.0-rc.1', '1.0.0')).toBe('activate');
  });

  it('refuses versions that are not semver as @flowops/core defines it', () => {
    for (const version of ['v1.0.0', '1.0', '1.0.0+build']) {
      expect(checkPublish(initialState('deploy'), { version, hash: hash('a'), ir: ir(version), meta })?.code).toBe('FLOW_VERSION_INVALID');
    }
  });
});
