/** The registry system workflow against the dev server: immutability, idempotency, races, audit, continue-as-new. */
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { Registry, getActiveDefinition, registryWorkflowId } from '../../../src/registry';
import { type GitopsEnv, gitopsEnv, hashIr, makeIr, uniqueName } from './helpers';

let env: GitopsEnv;
beforeAll(async () => {
  env = await gitopsEnv('staging');
});
afterAll(async () => {
  await env?.close();
});

const meta = { actor: 'ada', source: 'cli' as const, gitSha: 'a1b2c3d' };

describe('registry', () => {
  test('publish, idempotent re-publish, immutability, non-semver', async () => {
    const registry = new Registry(env.client);
    const name = uniqueName('reg');
    const v1 = makeIr(name, '1.0.0');
    const first = await registry.publish({ version: '1.0.0', hash: hashIr(v1), ir: v1, meta });
    expect(first.ok && first.value.changed).toBe(true);
    const again = await registry.publish({ version: '1.0.0', hash: hashIr(v1), ir: v1, meta });
    expect(again.ok && again.value.changed).toBe(false);

    const changed = makeIr(name, '1.0.0', { description: 'changed without a bump' });
    const refused = await registry.publish({ version: '1.0.0', hash: hashIr(changed), ir: changed, meta });
    expect(refused.ok).toBe(false);
    if (!refused.ok) expect(refused.issues[0]?.code).toBe('FLOW_VERSION_IMMUTABLE');

    const bad = makeIr(name, 'v2' as string);
    const notSemver = await registry.publish({ version: 'v2', hash: 'a'.repeat(64), ir: bad, meta });
    expect(!notSemver.ok && notSemver.issues[0]?.code).toBe('FLOW_VERSION_INVALID');

    const index = await registry.index(name);
    expect(index).toMatchObject({ active: '1.0.0', activeHash: hashIr(v1), versions: { '1.0.0': hashIr(v1) } });
    const active = await getActiveDefinition(env.client, name);
    expect(active.ok && active.value.ir).toEqual(v1);
  });

  test('two racing publishes of the same version with different hashes: one wins, no version lost', async () => {
    const registry = new Registry(env.client);
    const name = uniqueName('race');
    const a = makeIr(name, '1.0.0', { description: 'a' });
    const b = makeIr(name, '1.0.0', { description: 'b' });
    const c = makeIr(name, '1.1.0');
    const results = await Promise.all([
      registry.publish({ version: '1.0.0', hash: hashIr(a), ir: a, meta }),
      registry.publish({ version: '1.0.0', hash: hashIr(b), ir: b, meta }),
      registry.publish({ version: '1.1.0', hash: hashIr(c), ir: c, activate: false, meta }),
    ]);
    const [ra, rb, rc] = results;
    expect([ra?.ok, rb?.ok].filter(Boolean)).toHaveLength(1);
    const loser = ra?.ok ? rb : ra;
    expect(loser && !loser.ok && loser.issues[0]?.code).toBe('FLOW_VERSION_IMMUTABLE');
    expect(rc?.ok).toBe(true);
    const summary = await registry.summary(name);
    expect(summary?.versions.map((v) => v.version).sort()).toEqual(['1.0.0', '1.1.0']);
    expect(summary?.active).toBe('1.0.0');
  });

  test('rollback and deactivate are recorded in the audit; history is bounded by continue-as-new', async () => {
    const registry = new Registry(env.client, { maxChanges: 5 });
    const name = uniqueName('audit');
    const irs = ['1.0.0', '1.1.0', '1.2.0'].map((v) => makeIr(name, v));
    for (const ir of irs) expect((await registry.publish({ version: ir.version, hash: hashIr(ir), ir, meta })).ok).toBe(true);
    expect((await registry.activate(name, { version: '1.0.0', meta: { ...meta, source: 'ci' } })).ok).toBe(true);
    expect((await registry.deactivate(name, { meta })).ok).toBe(true);
    const unknown = await registry.activate(name, { version: '9.9.9', meta });
    expect(!unknown.ok && unknown.issues[0]?.code).toBe('FLOW_UNKNOWN_VERSION');
    expect((await registry.activate(name, { version: '1.2.0', meta })).ok).toBe(true);

    const summary = await registry.summary(name);
    expect(summary?.audit.map((e) => e.kind)).toEqual([
      'publish',
      'activate',
      'publish',
      'activate',
      'publish',
      'activate',
      'rollback',
      'deactivate',
      'activate',
    ]);
    expect(summary?.audit.find((e) => e.kind === 'rollback')).toMatchObject({ version: '1.0.0', source: 'ci', actor: 'ada', gitSha: 'a1b2c3d' });
    expect(summary?.generation).toBeGreaterThanOrEqual(1);
    const handle = env.client.workflow.getHandle(registryWorkflowId(name));
    expect((await handle.describe()).status.name).toBe('RUNNING');
    // The current run only holds the changes since the last continue-as-new.
    const history = await handle.fetchHistory();
    expect(history.events?.length).toBeLessThan(40);
    expect((await registry.definition(name, '1.1.0'))?.version).toBe('1.1.0');
  });
});
