import { tmpdir } from 'node:os';
import { describe, expect, test } from 'vitest';
import { checkout, withoutCredentials } from './load';

describe('clone URLs carry the installation token: it never reaches an error', () => {
  test('withoutCredentials masks user:token@ in any URL of a text', () => {
    expect(withoutCredentials('fatal: unable to access https://x-access-token:ghs_abc123@github.com/acme/flows.git/')).toBe(
      'fatal: unable to access https://***@github.com/acme/flows.git/',
    );
    expect(withoutCredentials('file:///srv/flows.git and http://u@h/x')).toBe('file:///srv/flows.git and http://***@h/x');
  });
  test('a failed fetch names the repository but not the token', async () => {
    const err = (await checkout('http://x-access-token:ghs_SECRET42@127.0.0.1:1/acme/flows.git', 'a'.repeat(40)).then(
      () => undefined,
      (e: unknown) => e,
    )) as Error;
    expect(err).toBeInstanceOf(Error);
    expect(err.message).toMatch(/^git fetch failed: /);
    expect(err.message).toContain('127.0.0.1');
    expect(err.message).not.toContain('ghs_SECRET42');
    expect(err.message).not.toContain(tmpdir() + '/flowops-gh-');
  });
});

describe('the compile sandbox runs on every supported Node', () => {
  test('the permission model flag follows the Node version', async () => {
    const { permissionFlag } = await import('./sandbox');
    expect(permissionFlag('20.19.0')).toBe('--experimental-permission');
    expect(permissionFlag('22.12.0')).toBe('--experimental-permission');
    expect(permissionFlag('22.13.0')).toBe('--permission');
    expect(permissionFlag('23.5.0')).toBe('--permission');
    expect(permissionFlag('24.1.0')).toBe('--permission');
  });
});
