import { describe, expect, it } from 'vitest';
import { defineConfig, fromEnv, isProtectedEnvironment, parseConfig, resolveEnvironment } from './config';

const config = defineConfig({
  environments: {
    local: {},
    staging: { address: fromEnv('STAGING_ADDR'), namespace: 'staging', apiKey: fromEnv('STAGING_KEY') },
  },
});

describe('flowops config', () => {
  it('applies defaults and resolves local without an address', () => {
    const parsed = parseConfig(config);
    expect(parsed.ok).toBe(true);
    if (!parsed.ok) return;
    const local = resolveEnvironment(parsed.value, 'local', {});
    expect(local).toMatchObject({ ok: true, value: { address: undefined, namespace: 'default', taskQueue: 'flowops' } });
  });

  it('reads fromEnv values and implies TLS with an API key', () => {
    const parsed = parseConfig(config);
    if (!parsed.ok) throw new Error('config should parse');
    const staging = resolveEnvironment(parsed.value, 'staging', { STAGING_ADDR: 'x.tmprl.cloud:7233', STAGING_KEY: 'k' });
    expect(staging).toMatchObject({ ok: true, value: { address: 'x.tmprl.cloud:7233', apiKey: 'k', tls: true } });
  });

  it('names every missing environment variable, never a value', () => {
    const parsed = parseConfig(config);
    if (!parsed.ok) throw new Error('config should parse');
    const staging = resolveEnvironment(parsed.value, 'staging', {});
    expect(staging.ok).toBe(false);
    if (staging.ok) return;
    expect(staging.issues[0]?.code).toBe('FLOW_ENV_VAR_MISSING');
    expect(staging.issues[0]?.message).toContain('$STAGING_ADDR');
    expect(staging.issues[0]?.message).toContain('$STAGING_KEY');
  });

  it('rejects an unknown environment with the known ones listed', () => {
    const parsed = parseConfig(config);
    if (!parsed.ok) throw new Error('config should parse');
    const r = resolveEnvironment(parsed.value, 'prod', {});
    expect(r).toMatchObject({ ok: false, issues: [{ code: 'FLOW_UNKNOWN_ENVIRONMENT' }] });
    if (!r.ok) expect(r.issues[0]?.message).toContain('local, staging');
  });

  it('reports invalid config with the offending path', () => {
    const r = parseConfig({ environments: { Staging: { namespace: '' } } });
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.issues.every((i) => i.code === 'FLOW_CONFIG_INVALID')).toBe(true);
  });

  it('protected environments are named in config; "production" stays protected unless it says protected: false', () => {
    const parsed = parseConfig({
      environments: {
        staging: { address: 'x:1' },
        production: { address: 'x:1' },
        'production-eu': { address: 'x:1', protected: true, runners: ['@acme/sre'] },
        'production-lab': { address: 'x:1', protected: false },
      },
    });
    if (!parsed.ok) throw new Error('config should parse');
    const prot = (name: string) => {
      const r = resolveEnvironment(parsed.value, name, {});
      return r.ok ? r.value.protected : undefined;
    };
    expect(['staging', 'production', 'production-eu', 'production-lab'].map(prot)).toEqual([false, true, true, false]);
    expect(isProtectedEnvironment('production', undefined)).toBe(true);
    expect(parseConfig({ environments: { x: { protected: 'yes' } } }).ok).toBe(false);
  });

  it('an unknown key is FLOW_CONFIG_INVALID with "did you mean" at every level', () => {
    const parsed = parseConfig({
      enviroments: {},
      environments: { staging: { adress: 'x:1', namspace: 'staging', tls: { clientCrt: fromEnv('C'), clientKey: fromEnv('K') }, zzzzzzzz: 1 } },
    });
    if (parsed.ok) throw new Error('config should not parse');
    const byPath = Object.fromEntries(parsed.issues.map((i) => [i.path, i]));
    expect(parsed.issues.every((i) => i.code === 'FLOW_CONFIG_INVALID')).toBe(true);
    expect(byPath.enviroments?.message).toBe('flowops.config.ts: enviroments: unknown key "enviroments". Did you mean "environments"?');
    expect(byPath['environments.staging.adress']?.message).toContain('Did you mean "address"?');
    expect(byPath['environments.staging.adress']?.hint).toBe('rename "adress" to "address" in flowops.config.ts');
    expect(byPath['environments.staging.namspace']?.message).toContain('Did you mean "namespace"?');
    expect(byPath['environments.staging.tls.clientCrt']?.message).toContain('Did you mean "clientCert"?');
    // nothing close: no guess, the keys allowed there instead
    expect(byPath['environments.staging.zzzzzzzz']?.message).not.toContain('Did you mean');
    expect(byPath['environments.staging.zzzzzzzz']?.hint).toMatch(/the keys here: address, namespace, taskQueue/);
  });
});
