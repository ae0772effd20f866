/**
 * The GitOps loop end to end on the dev server: publish, re-publish (no-op), bump, revert
 * (rollback), schedules created/updated/deleted, removal (deactivate, history kept), plugin
 * capability refusal, drift after an out-of-band publish, staging vs production isolation.
 */
import { recordCapabilities, startCapabilityHeartbeat } from '@flowops/runtime';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { type GitopsSession, applyPlan, buildPlan, driftFromPlan } from '@flowops/gitops';
import { renderPlan } from '../../../src/gitops/render';
import { git, ir, session, unique } from './helpers';

const taskQueue = unique('tq');
const prefix = unique('loop');
const owns = (name: string): boolean => name.startsWith(prefix);
let staging: GitopsSession;
let production: GitopsSession;
const beats: { stop(): Promise<void> }[] = [];

beforeAll(async () => {
  staging = await session('staging', taskQueue);
  production = await session('production', taskQueue);
  for (const s of [staging, production]) {
    beats.push(await startCapabilityHeartbeat(s.client, { taskQueue, identity: 'it-worker@test', actions: ['log.write@1'], intervalMs: 5_000 }));
  }
});
afterAll(async () => {
  for (const b of beats) await b.stop();
  await staging?.close();
  await production?.close();
});

const history = new Set(['aaaaaaa', 'bbbbbbb', 'ccccccc']);
const inHistory = (sha: string): boolean => history.has(sha);
const meta = (gitSha: string) => ({ actor: 'ci-bot', source: 'ci' as const, gitSha });
const cron = (schedule: string) => ({ triggers: [{ type: 'cron' as const, schedule, input: { reason: 'nightly' } }] });

describe('publish loop', () => {
  const name = `${prefix}-deploy`;
  const v1 = ir(name, '1.0.0', cron('0 3 * * *'));
  const v11 = ir(name, '1.1.0', {
    ...cron('0 4 * * *'),
    steps: [
      { id: 'say', type: 'action', uses: 'log.write@1', with: { message: 'hello v1.1' }, effect: 'read', timeout: '10s' },
      { id: 'record', type: 'action', uses: 'log.write@1', with: { message: 'done' }, effect: 'write' },
    ],
  });

  test('publish, re-publish is a no-op, bump, revert is a rollback, schedules follow, removal deactivates', async () => {
    // 1. first publish: new, schedule created
    let plan = await buildPlan(staging, git(v1), { inHistory, owns });
    expect(plan.entries).toMatchObject([{ name, status: 'new', action: 'publish', schedules: [{ kind: 'create' }] }]);
    let report = await applyPlan(staging, plan, git(v1), meta('aaaaaaa'));
    expect(report.failed).toBe(0);
    expect(report.outcomes[0]?.events.map((e) => e.kind)).toEqual(['publish', 'activate']);
    const schedule = staging.client.schedule.getHandle(`flowops-cron.${name}.0`);
    let described = await schedule.describe();
    expect(described.spec.calendars ?? described.spec).toBeDefined();
    expect(described.action.type === 'startWorkflow' && described.action.taskQueue).toBe(taskQueue);
    const firstHash = described.action.type === 'startWorkflow' ? described.action.memo?.flowopsScheduleHash : undefined;

    // 2. re-publish with no changes: nothing to do
    plan = await buildPlan(staging, git(v1), { inHistory, owns });
    expect(plan.hasChanges).toBe(false);
    expect(renderPlan(plan, 'markdown')).toContain('No changes');
    report = await applyPlan(staging, plan, git(v1), meta('aaaaaaa'));
    expect(report.changed).toBe(0);

    // 3. bump: changed with a semantic diff, schedule updated
    plan = await buildPlan(staging, git(v11), { inHistory, owns });
    const changed = plan.entries[0];
    expect(changed).toMatchObject({ status: 'changed', action: 'publish', schedules: [{ kind: 'update' }] });
    expect(changed?.diff?.steps.added).toEqual(['record']);
    expect(changed?.diff?.steps.changed).toEqual([{ id: 'say', fields: ['timeout', 'with'] }]);
    expect(changed?.diff?.newWriteEffects).toEqual(['record']);
    expect(renderPlan(plan, 'pretty')).toContain('! new write effect: record');
    report = await applyPlan(staging, plan, git(v11), meta('bbbbbbb'));
    expect(report.outcomes[0]?.events.map((e) => `${e.kind} ${e.version}`)).toEqual(['publish 1.1.0', 'activate 1.1.0']);
    described = await schedule.describe();
    const secondHash = described.action.type === 'startWorkflow' ? described.action.memo?.flowopsScheduleHash : undefined;
    expect(secondHash).not.toBe(firstHash);

    // 4. git revert: 1.0.0 again → rollback re-activates the immutable earlier version
    plan = await buildPlan(staging, git(v1), { inHistory, owns });
    expect(plan.entries[0]).toMatchObject({ status: 'rollback', action: 'activate' });
    report = await applyPlan(staging, plan, git(v1), meta('ccccccc'));
    expect(report.outcomes[0]?.events).toMatchObject([{ kind: 'rollback', version: '1.0.0', gitSha: 'ccccccc', source: 'ci' }]);
    expect((await staging.registry.index(name))?.active).toBe('1.0.0');
    described = await schedule.describe();
    expect(described.action.type === 'startWorkflow' && described.action.memo?.flowopsScheduleHash).toBe(firstHash);

    // 5. the cron trigger goes away: schedule deleted
    const v12 = ir(name, '1.2.0');
    plan = await buildPlan(staging, git(v12), { inHistory, owns });
    expect(plan.entries[0]?.schedules).toEqual([{ kind: 'delete', scheduleId: `flowops-cron.${name}.0` }]);
    await applyPlan(staging, plan, git(v12), meta('ccccccc'));
    await expect(schedule.describe()).rejects.toThrow();

    // 6. removed from git: deactivated, versions and audit kept; then nothing left to do
    plan = await buildPlan(staging, [], { inHistory, owns });
    expect(plan.entries).toMatchObject([{ name, status: 'removed', action: 'deactivate' }]);
    await applyPlan(staging, plan, [], meta('ccccccc'));
    const summary = await staging.registry.summary(name);
    expect(summary?.active).toBeNull();
    expect(summary?.versions.map((v) => v.version)).toEqual(['1.0.0', '1.1.0', '1.2.0']);
    expect(summary?.audit.map((e) => e.kind)).toEqual(['publish', 'activate', 'publish', 'activate', 'rollback', 'publish', 'activate', 'deactivate']);
    expect((await buildPlan(staging, [], { inHistory, owns })).hasChanges).toBe(false);
  });

  test('a workflow needing a plugin no live worker serves is refused, nothing registered', async () => {
    const wf = ir(`${prefix}-notify`, '1.0.0', {
      steps: [{ id: 'post', type: 'action', uses: 'slack.post@1', with: { text: 'hi' }, effect: 'write' }],
    });
    const plan = await buildPlan(staging, git(wf), { inHistory, owns });
    expect(plan.entries[0]).toMatchObject({ missingPlugins: ['slack.post@1'], blocked: { code: 'FLOW_PLUGIN_UNAVAILABLE' } });
    const report = await applyPlan(staging, plan, git(wf), meta('aaaaaaa'));
    expect(report.failed).toBe(1);
    expect(report.outcomes[0]?.error?.code).toBe('FLOW_PLUGIN_UNAVAILABLE');
    expect(await staging.registry.index(wf.name)).toBeUndefined();

    // once a worker advertises it (heartbeat), publish goes through
    await recordCapabilities(staging.client, { taskQueue, identity: 'slack-worker@test', actions: ['slack.post@1'] });
    const again = await applyPlan(staging, await buildPlan(staging, git(wf), { inHistory, owns }), git(wf), meta('aaaaaaa'));
    expect(again.failed).toBe(0);
    // a worker whose last heartbeat is older than the TTL does not count
    await recordCapabilities(staging.client, { taskQueue, identity: 'gone-worker@test', actions: ['github.createIssue@1'], at: Date.now() - 10 * 60_000 });
    const gh = ir(`${prefix}-issue`, '1.0.0', { steps: [{ id: 'open', type: 'action', uses: 'github.createIssue@1', with: {}, effect: 'write' }] });
    const stale = await buildPlan(staging, git(gh), { inHistory, owns });
    expect(stale.entries[0]?.blocked?.code).toBe('FLOW_PLUGIN_UNAVAILABLE');
  });

  test('drift after an out-of-band publish to production; staging is independent', async () => {
    const wf = ir(`${prefix}-prod`, '1.0.0');
    const plan = await buildPlan(production, git(wf), { inHistory, owns });
    await applyPlan(production, plan, git(wf), meta('aaaaaaa'));
    expect(driftFromPlan(await buildPlan(production, git(wf), { inHistory, owns }), 'HEAD').inSync).toBe(true);

    const hotfix = ir(wf.name, '1.0.1', { description: 'hotfix from a laptop' });
    const oob = await production.registry.publish({ version: '1.0.1', hash: git(hotfix)[0]!.hash, ir: hotfix, meta: { actor: 'mallory', source: 'cli' } });
    expect(oob.ok).toBe(true);
    const drift = driftFromPlan(await buildPlan(production, git(wf), { inHistory, owns }), 'HEAD');
    expect(drift.inSync).toBe(false);
    expect(drift.items).toMatchObject([{ name: wf.name, kind: 'drifted', git: '1.0.0', cluster: '1.0.1' }]);
    expect(await staging.registry.index(wf.name)).toBeUndefined();

    // same version, other content in the cluster: refused with FLOW_VERSION_IMMUTABLE
    const tampered = ir(wf.name, '1.0.1', { description: 'different' });
    const conflict = await buildPlan(production, git(tampered), { inHistory, owns });
    expect(conflict.entries[0]).toMatchObject({ status: 'reused', blocked: { code: 'FLOW_VERSION_IMMUTABLE' } });
  });
});
