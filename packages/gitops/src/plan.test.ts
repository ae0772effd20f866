import { type Workflow, hashWorkflow } from '@flowops/core';
import type { RegistryIndex } from '@flowops/runtime';
import { testIr } from '@flowops/testing';
import { describe, expect, it } from 'vitest';
import { nextFreeVersion } from './next-version';
import { computePlan } from './plan';
import type { ClusterState, GitWorkflow } from './types';

const ir = (name: string, version: string, extra: Partial<Workflow> = {}): Workflow =>
  testIr({ name, version, owner: '@acme/ops', input: {}, steps: [{ id: 'a', type: 'action', uses: 'log.info@1', with: {}, effect: 'read' }], ...extra });
const gw = (w: Workflow): GitWorkflow => ({ name: w.name, version: w.version, hash: hashWorkflow(w), ir: w });
const index = (name: string, active: string | null, versions: Record<string, string>, activeGitSha: string | null = 'aaaaaaa'): RegistryIndex => ({
  name,
  active,
  activeHash: active ? (versions[active] ?? null) : null,
  activeGitSha,
  versions,
  auditTotal: 1,
});
const ctx = { environment: 'staging', namespace: 'staging', taskQueue: 'flowops', inHistory: (sha: string) => sha === 'aaaaaaa' };
const cluster = (registries: RegistryIndex[], served?: string[]): ClusterState => ({
  registries: new Map(registries.map((r) => [r.name, r])),
  served: served ? new Set(served) : undefined,
  schedules: new Map(),
});

describe('computePlan', () => {
  it('classifies new, unchanged, changed, rollback, drifted, reused and removed', () => {
    const a1 = ir('a', '1.0.0');
    const b1 = ir('b', '1.0.0');
    const b2 = ir('b', '1.1.0', { description: 'x' });
    const c1 = ir('c', '1.0.0');
    const d1 = ir('d', '1.0.0');
    const e1 = ir('e', '1.0.0');
    const git = [gw(a1), gw(b2), gw(c1), gw(d1), gw(e1), gw(ir('n', '0.1.0'))];
    const plan = computePlan(
      git,
      cluster([
        index('a', '1.0.0', { '1.0.0': hashWorkflow(a1) }),
        index('b', '1.0.0', { '1.0.0': hashWorkflow(b1) }),
        index('c', '1.1.0', { '1.0.0': hashWorkflow(c1), '1.1.0': 'sha256:ff' }),
        index('d', '2.0.0', { '1.0.0': hashWorkflow(d1), '2.0.0': 'sha256:ee' }, null),
        index('e', '1.0.0', { '1.0.0': 'sha256:00' }),
        index('gone', '3.0.0', { '3.0.0': 'sha256:11' }),
        index('old', null, { '1.0.0': 'sha256:22' }),
      ]),
      ctx,
    );
    const by = Object.fromEntries(plan.entries.map((e) => [e.name, e]));
    expect(by.a).toMatchObject({ status: 'unchanged', action: 'none' });
    expect(by.b).toMatchObject({ status: 'changed', action: 'publish' });
    expect(by.c).toMatchObject({ status: 'rollback', action: 'activate' });
    expect(by.d).toMatchObject({ status: 'drifted', action: 'activate' });
    expect(by.d?.drift).toContain('out of band');
    expect(by.e).toMatchObject({ status: 'reused', action: 'none', nextVersion: '1.0.1', blocked: { code: 'FLOW_VERSION_IMMUTABLE' } });
    expect(by.gone).toMatchObject({ status: 'removed', action: 'deactivate' });
    expect(by.old).toBeUndefined();
    expect(by.n).toMatchObject({ status: 'new', action: 'publish' });
    expect(plan.counts).toEqual({ new: 1, changed: 1, rollback: 1, unchanged: 1, removed: 1, drifted: 1, reused: 1 });
    expect(plan.hasChanges).toBe(true);
    expect(plan.blocked).toBe(1);
  });

  it('has nothing to do when the cluster matches git', () => {
    const a1 = ir('a', '1.0.0');
    const plan = computePlan([gw(a1)], cluster([index('a', '1.0.0', { '1.0.0': hashWorkflow(a1) })], ['log.info@1']), ctx);
    expect(plan.hasChanges).toBe(false);
    expect(plan.blocked).toBe(0);
  });

  it('refuses workflows whose plugins no live worker serves, and plans schedules for cron triggers', () => {
    const w = ir('cron', '1.0.0', {
      triggers: [{ type: 'cron', schedule: '0 3 * * *' }],
      steps: [{ id: 'a', type: 'action', uses: 'slack.post@1', with: {}, effect: 'write' }],
    } as Partial<Workflow>);
    const plan = computePlan([gw(w)], cluster([], ['log.info@1']), ctx);
    expect(plan.entries[0]).toMatchObject({
      status: 'new',
      missingPlugins: ['slack.post@1'],
      blocked: { code: 'FLOW_PLUGIN_UNAVAILABLE' },
      schedules: [{ kind: 'create', scheduleId: 'flowops-cron.cron.0' }],
    });
  });

  it('calls a fix-forward onto an already published version "reused", naming the next free version', () => {
    // published 1.0.0, 1.0.1, 1.1.0; rolled back to 1.0.0 (active), then git bumped to 1.0.1 again.
    const v100 = ir('w', '1.0.0');
    const fixed = ir('w', '1.0.1', { description: 'the fix' });
    const registry = index('w', '1.0.0', { '1.0.0': hashWorkflow(v100), '1.0.1': 'sha256:aa', '1.1.0': 'sha256:bb' });
    const plan = computePlan([gw(fixed)], cluster([registry]), ctx);
    const e = plan.entries[0]!;
    expect(e).toMatchObject({ status: 'reused', action: 'none', nextVersion: '1.1.1', blocked: { code: 'FLOW_VERSION_IMMUTABLE' } });
    expect(e.reused).toBe('version already published with other content — bump to 1.1.1');
    expect(e.blocked?.hint).toContain('to 1.1.1');
    expect(e.drift).toBeUndefined();
    expect(plan.counts.drifted).toBe(0);
    // bumped to the named version: a plain change that publishes.
    const next = computePlan([gw(ir('w', '1.1.1', { description: 'the fix' }))], cluster([registry]), ctx);
    expect(next.entries[0]).toMatchObject({ status: 'changed', action: 'publish' });
    expect(next.entries[0]?.blocked).toBeUndefined();
  });
});

describe('nextFreeVersion', () => {
  it('is one patch above the highest version in semver order', () => {
    expect(nextFreeVersion(['1.0.0', '1.0.1'])).toBe('1.0.2');
    expect(nextFreeVersion(['1.10.0', '1.9.9', '1.2.0'])).toBe('1.10.1');
    expect(nextFreeVersion(['2.0.0-rc.1', '1.9.0'])).toBe('2.0.0');
    expect(nextFreeVersion(['1.0.0', 'not-a-version'])).toBe('1.0.1');
    expect(nextFreeVersion([])).toBeUndefined();
  });
});
