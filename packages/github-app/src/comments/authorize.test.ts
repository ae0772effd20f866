import { describe, expect, it } from 'vitest';
import { accessFromRole, authorize, runVisibilityRefusal } from './authorize';
import { parseCommands } from './parse-command';

const environments = { staging: { runners: [], protected: false }, production: { runners: ['acme/sre', 'root'], protected: true } };
const cmd = (text: string) => parseCommands(text)[0]!;

describe('authorize', () => {
  it('maps role_name: maintain counts as write, triage as read', () => {
    expect(['admin', 'maintain', 'write', 'triage', 'read', 'custom-x', undefined].map((r) => accessFromRole(r))).toEqual([
      'admin',
      'write',
      'write',
      'read',
      'read',
      'none',
      'none',
    ]);
    expect(accessFromRole('custom-x', 'write')).toBe('write');
  });

  it('write or above runs on staging; read, triage and none are refused with the reason', () => {
    for (const access of ['admin', 'write'] as const) {
      expect(authorize({ command: cmd('/flowops run a'), login: 'u', access, environments, runnerMatch: undefined })).toEqual({
        allowed: true,
        env: 'staging',
      });
    }
    for (const access of ['read', 'none'] as const) {
      const d = authorize({ command: cmd('/flowops dry-run a'), login: 'u', access, environments, runnerMatch: undefined });
      expect(d).toMatchObject({ allowed: false, reason: expect.stringMatching(/needs write access/) });
    }
  });

  it('production needs a configured runner', () => {
    const prod = cmd('/flowops run a --env production');
    expect(authorize({ command: prod, login: 'u', access: 'admin', environments, runnerMatch: undefined })).toMatchObject({
      allowed: false,
      reason: expect.stringMatching(/not among the runners/),
    });
    expect(authorize({ command: prod, login: 'u', access: 'write', environments, runnerMatch: 'acme/sre' })).toEqual({ allowed: true, env: 'production' });
    expect(
      authorize({ command: prod, login: 'u', access: 'admin', environments: { production: { runners: [], protected: true } }, runnerMatch: undefined }),
    ).toMatchObject({ allowed: false, reason: expect.stringMatching(/none are configured/) });
  });

  it('protection comes from config, not the name: production-eu marked protected needs a runner, a renamed one does not', () => {
    const envs = {
      'production-eu': { runners: [], protected: true },
      'production-lab': { runners: [], protected: false },
      'eu-prod': { runners: ['@acme/sre'], protected: true },
    };
    expect(
      authorize({ command: cmd('/flowops run a --env production-eu'), login: 'u', access: 'admin', environments: envs, runnerMatch: undefined }),
    ).toMatchObject({ allowed: false, reason: expect.stringMatching(/production-eu is a protected environment[\s\S]*none are configured/) });
    expect(
      authorize({ command: cmd('/flowops dry-run a --env production-eu'), login: 'u', access: 'admin', environments: envs, runnerMatch: undefined }),
    ).toMatchObject({ allowed: false });
    expect(authorize({ command: cmd('/flowops run a --env production-lab'), login: 'u', access: 'write', environments: envs, runnerMatch: undefined })).toEqual(
      { allowed: true, env: 'production-lab' },
    );
    expect(authorize({ command: cmd('/flowops run a --env eu-prod'), login: 'u', access: 'admin', environments: envs, runnerMatch: undefined })).toMatchObject({
      allowed: false,
      reason: expect.stringMatching(/not among the runners/),
    });
    expect(authorize({ command: cmd('/flowops run a --env eu-prod'), login: 'u', access: 'write', environments: envs, runnerMatch: '@acme/sre' })).toEqual({
      allowed: true,
      env: 'eu-prod',
    });
  });

  it('unknown environments, invalid commands and help', () => {
    expect(authorize({ command: cmd('/flowops run a --env qa'), login: 'u', access: 'admin', environments, runnerMatch: undefined })).toMatchObject({
      allowed: false,
      reason: expect.stringMatching(/"qa" is not defined/),
    });
    expect(authorize({ command: cmd('/flowops frob'), login: 'u', access: 'admin', environments, runnerMatch: undefined })).toMatchObject({ allowed: false });
    expect(authorize({ command: cmd('/flowops help'), login: 'u', access: 'read', environments, runnerMatch: undefined })).toMatchObject({ allowed: true });
    expect(authorize({ command: cmd('/flowops help'), login: 'u', access: 'none', environments, runnerMatch: undefined })).toMatchObject({ allowed: false });
    // approve-policy: read access lets the App check ownership of the set; none is refused.
    const approve = cmd('/flowops approve-policy production-safety');
    expect(authorize({ command: approve, login: 'u', access: 'read', environments, runnerMatch: undefined })).toEqual({ allowed: true, env: undefined });
    expect(authorize({ command: approve, login: 'u', access: 'none', environments, runnerMatch: undefined })).toMatchObject({ allowed: false });
  });
});

describe('runVisibilityRefusal', () => {
  it('refuses with a code unless the user matched the owner; names team or user', () => {
    expect(runVisibilityRefusal({ login: 'wes', workflow: 'w', owner: '@acme/sre', ownerMatch: '@acme/sre' })).toBeUndefined();
    expect(runVisibilityRefusal({ login: 'wes', workflow: 'w', owner: '@acme/sre', ownerMatch: undefined })).toMatch(
      /w is `visibility: private`: only its owner @acme\/sre .* @wes is not a member of that team — To fix: .* \[FLOW_RUN_NOT_ALLOWED\]$/,
    );
    expect(runVisibilityRefusal({ login: 'wes', workflow: 'w', owner: 'ada', ownerMatch: undefined })).toMatch(/@wes is not that user/);
  });
});
