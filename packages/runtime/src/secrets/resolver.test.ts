import { ApplicationFailure } from '@temporalio/common';
import { describe, expect, it } from 'vitest';
import { EnvSecretProvider, StaticSecretProvider } from './provider';
import { SecretResolver } from './resolver';

describe('EnvSecretProvider', () => {
  it('prefers FLOWOPS_SECRET_<NAME>, then NAME', async () => {
    const env = { FLOWOPS_SECRET_GITHUB_TOKEN: 'prefixed', GITHUB_TOKEN: 'plain', SLACK: 'plain-slack', EMPTY: '' };
    const p = new EnvSecretProvider(env);
    expect(await p.get('GITHUB_TOKEN')).toBe('prefixed');
    expect(await p.get('github-token')).toBe('prefixed');
    expect(await p.get('SLACK')).toBe('plain-slack');
    expect(await p.get('EMPTY')).toBeUndefined();
    expect(await p.get('NOPE')).toBeUndefined();
  });

  it('never serves flowops’ own variables through the plain lookup, and honours prefix-only', async () => {
    const env = { FLOWOPS_CODEC_KEYS: 'k:xyz', SLACK: 's', FLOWOPS_SECRETS_PREFIX_ONLY: 'true' };
    expect(await new EnvSecretProvider(env, { prefixOnly: false }).get('FLOWOPS_CODEC_KEYS')).toBeUndefined();
    expect(await new EnvSecretProvider(env).get('SLACK')).toBeUndefined();
    expect(await new EnvSecretProvider(env, { prefixOnly: false }).get('SLACK')).toBe('s');
  });
});

describe('SecretResolver', () => {
  it('resolves by scheme and remembers served values', async () => {
    const r = new SecretResolver({
      providers: { env: new EnvSecretProvider({ A: 'alpha' }), vault: new StaticSecretProvider({ 'db/pass': 'beta' }) },
    });
    expect(await r.get('A')).toBe('alpha');
    expect(await r.get('vault:db/pass')).toBe('beta');
    expect(await r.tryGet('MISSING')).toBeUndefined();
    expect(r.values().sort()).toEqual(['alpha', 'beta']);
  });

  it('throws a non-retryable FLOW_SECRET_MISSING naming the secret, never a value', async () => {
    const r = new SecretResolver({ providers: { env: new EnvSecretProvider({ OTHER: 'hunter2' }) } });
    await r.get('OTHER');
    const err = await r.get('DEPLOY_TOKEN').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ApplicationFailure);
    const failure = err as ApplicationFailure;
    expect(failure.type).toBe('FLOW_SECRET_MISSING');
    expect(failure.nonRetryable).toBe(true);
    expect(failure.message).toBe(
      'secret "DEPLOY_TOKEN" is not set on this worker — To fix: set FLOWOPS_SECRET_DEPLOY_TOKEN (or DEPLOY_TOKEN) in the worker\'s environment [FLOW_SECRET_MISSING]',
    );
    expect(failure.message).not.toContain('hunter2');
  });

  it('rejects an unknown scheme with a coded error', async () => {
    const r = new SecretResolver({ providers: { env: new EnvSecretProvider({}) } });
    await expect(r.get('vault:x')).rejects.toMatchObject({ type: 'FLOW_SECRET_MISSING', message: expect.stringContaining('"vault"') });
  });
});
