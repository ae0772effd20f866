import { ApplicationFailure } from '@temporalio/common';
import { describe, expect, it } from 'vitest';
import { EnvSecretProvider, StaticSecretProvider } from './provider';
import { SecretResolver } from './resolver';

describe('EnvSecretProvider', () => {
  it('serves only FLOWOPS_SECRET_<NAME> by default, never a plain worker variable', async () => {
    const env = { FLOWOPS_SECRET_GITHUB_TOKEN: 'prefixed', GITHUB_TOKEN: 'plain', SLACK: 'plain-slack', EMPTY: '', FLOWOPS_SECRET_EMPTY: '' };
    const p = new EnvSecretProvider(env);
    expect(await p.get('GITHUB_TOKEN')).toBe('prefixed');
    expect(await p.get('github-token')).toBe('prefixed');
    expect(await p.get('SLACK')).toBeUndefined();
    expect(await p.get('EMPTY')).toBeUndefined();
    expect(await p.get('NOPE')).toBeUndefined();
    expect(p.hint('SLACK')).toBe("set FLOWOPS_SECRET_SLACK in the worker's environment");
  });

  it('serves plain variables only when opted in, and never flowops’ own', async () => {
    const env = { FLOWOPS_CODEC_KEYS: 'k:xyz', SLACK: 's', HOME: '/root' };
    expect(await new EnvSecretProvider(env).get('HOME')).toBeUndefined();
    expect(await new EnvSecretProvider(env, { plainEnv: true }).get('SLACK')).toBe('s');
    expect(await new EnvSecretProvider(env, { plainEnv: true }).get('FLOWOPS_CODEC_KEYS')).toBeUndefined();
    expect(await new EnvSecretProvider({ ...env, FLOWOPS_SECRETS_FROM_PLAIN_ENV: '1' }).get('SLACK')).toBe('s');
    expect(await new EnvSecretProvider({ ...env, FLOWOPS_SECRETS_FROM_PLAIN_ENV: 'true' }, { plainEnv: false }).get('SLACK')).toBeUndefined();
    // The old opt-out variable no longer turns the plain lookup on or off: plain stays off.
    expect(await new EnvSecretProvider({ ...env, FLOWOPS_SECRETS_PREFIX_ONLY: '0' }).get('SLACK')).toBeUndefined();
    // Inherited keys (a polluted prototype) are never served.
    const polluted = Object.create({ INHERITED: 'from-proto' }) as Record<string, string>;
    expect(await new EnvSecretProvider(polluted, { plainEnv: true }).get('INHERITED')).toBeUndefined();
  });
});

describe('SecretResolver', () => {
  it('resolves by scheme and remembers served values', async () => {
    const r = new SecretResolver({
      providers: { env: new EnvSecretProvider({ FLOWOPS_SECRET_A: 'alpha' }), vault: new StaticSecretProvider({ 'db/pass': 'beta' }) },
    });
    expect(await r.get('A')).toBe('alpha');
    expect(await r.get('vault:db/pass')).toBe('beta');
    expect(await r.tryGet('MISSING')).toBeUndefined();
    expect(r.values().sort()).toEqual(['alpha', 'beta']);
  });

  it('throws a non-retryable FLOW_SECRET_MISSING naming the secret, never a value', async () => {
    const r = new SecretResolver({ providers: { env: new EnvSecretProvider({ FLOWOPS_SECRET_OTHER: 'hunter2' }) } });
    await r.get('OTHER');
    const err = await r.get('DEPLOY_TOKEN').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ApplicationFailure);
    const failure = err as ApplicationFailure;
    expect(failure.type).toBe('FLOW_SECRET_MISSING');
    expect(failure.nonRetryable).toBe(true);
    expect(failure.message).toBe(
      'secret "DEPLOY_TOKEN" is not set on this worker — To fix: set FLOWOPS_SECRET_DEPLOY_TOKEN in the worker\'s environment [FLOW_SECRET_MISSING]',
    );
    expect(failure.message).not.toContain('hunter2');
  });

  it('rejects an unknown scheme with a coded error', async () => {
    const r = new SecretResolver({ providers: { env: new EnvSecretProvider({}) } });
    await expect(r.get('vault:x')).rejects.toMatchObject({ type: 'FLOW_SECRET_MISSING', message: expect.stringContaining('"vault"') });
  });
});
