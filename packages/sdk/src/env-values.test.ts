import type { Workflow } from '@flowops/core';
import { describe, expect, it } from 'vitest';
import { parseConfig, resolveEnvironment } from './config';
import { envForRun, undefinedEnvReferences } from './env-values';

const wf = (name: string, url: string): Workflow =>
  ({
    apiVersion: 'flowops/v1',
    name,
    version: '1.0.0',
    owner: '@o',
    triggers: [],
    steps: [{ id: 's', type: 'action', uses: 'http.get@1', effect: 'read', with: { url } }],
  }) as unknown as Workflow;

const config = (() => {
  const r = parseConfig({
    environments: {
      local: { env: { DEPLOY_API: 'http://127.0.0.1:7391', FROM_VAR: { fromEnv: 'LOCAL_FROM_VAR' } } },
      staging: { address: 'x:1', env: { OTHER: 'o' } },
    },
  });
  if (!r.ok) throw new Error(JSON.stringify(r.issues));
  return r.value;
})();

const resolved = (name: string, vars: Record<string, string> = {}) => {
  const r = resolveEnvironment(config, name, vars);
  if (!r.ok) throw new Error(JSON.stringify(r.issues));
  return r.value;
};

describe('env values per environment', () => {
  it('a run takes exactly the env values its definition and call targets reference', () => {
    const r = envForRun(resolved('local', { LOCAL_FROM_VAR: 'v' }), [wf('a', '{{ env.DEPLOY_API }}/x'), wf('b', '{{ env.FROM_VAR }}')]);
    expect(r).toEqual({ ok: true, value: { DEPLOY_API: 'http://127.0.0.1:7391', FROM_VAR: 'v' } });
    expect(envForRun(resolved('local'), [wf('a', 'https://x')])).toEqual({ ok: true, value: {} });
  });

  it('a missing value is FLOW_ENV_VALUE_MISSING naming the names and the config key', () => {
    const r = envForRun(resolved('staging'), [wf('deploy', '{{ env.DEPLOY_API }}/{{ env.ZED }}')]);
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.issues[0]!.code).toBe('FLOW_ENV_VALUE_MISSING');
    expect(r.issues[0]!.message).toContain('env.DEPLOY_API, env.ZED');
    expect(r.issues[0]!.message).toContain('"staging"');
    expect(r.issues[0]!.hint).toContain('environments.staging.env');
  });

  it('a fromEnv value whose variable is not set names the variable', () => {
    const r = envForRun(resolved('local'), [wf('b', '{{ env.FROM_VAR }}')]);
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.issues[0]!.message).toContain('$LOCAL_FROM_VAR not set');
    expect(r.issues[0]!.hint).toContain('export LOCAL_FROM_VAR=');
  });

  it('check: FLOW_ENV_UNDEFINED for a reference no environment defines, with the config key', () => {
    expect(undefinedEnvReferences(config, wf('a', '{{ env.DEPLOY_API }}'))).toEqual([]);
    const issues = undefinedEnvReferences(config, wf('a', '{{ env.NOPE }}'));
    expect(issues.map((i) => i.code)).toEqual(['FLOW_ENV_UNDEFINED']);
    expect(issues[0]!.hint).toContain('environments.staging.env.NOPE');
  });
});
