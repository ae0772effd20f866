import { describe, expect, test } from 'vitest';
import { runMain } from '../../test/run-main';
import { renderKeys } from './keys';

describe('flowops keys', () => {
  test('usage errors name what is missing (exit 2, FLOW_USAGE) before anything connects', async () => {
    const cases: [string[], RegExp][] = [
      [['keys'], /name what to do: create, list, revoke, rotate/],
      [['keys', 'delete', 'wf'], /name what to do/],
      [['keys', 'create'], /name the workflow/],
      [['keys', 'create', 'Not_A_Name'], /"Not_A_Name" is not a workflow name/],
      [['keys', 'revoke', 'wf'], /name the key to revoke by its prefix/],
      [['keys', 'list', 'wf', 'extra'], /unexpected argument "extra"/],
    ];
    for (const [argv, message] of cases) {
      const r = await runMain(argv);
      expect(r.code, argv.join(' ')).toBe(2);
      expect(r.err).toMatch(message);
      expect(r.err).toContain('[FLOW_USAGE]');
    }
  });

  test('list renders prefixes, state, creator, creation, last use and revocation — never a hash', () => {
    const text = renderKeys('deploy', 'staging', [
      { prefix: 'flk_0000aaaa', creator: 'alice', createdAt: '2026-01-01T00:00:00.000Z', lastUsedAt: '2026-01-02T00:00:00.000Z' },
      { prefix: 'flk_1111bbbb', creator: 'bob', createdAt: '2026-01-03T00:00:00.000Z', revokedAt: '2026-01-04T00:00:00.000Z', revokedBy: 'carol' },
    ]);
    expect(text.split('\n')).toEqual([
      'PREFIX        STATE    CREATOR  CREATED                   LAST USE                  REVOKED',
      'flk_0000aaaa  active   alice    2026-01-01T00:00:00.000Z  2026-01-02T00:00:00.000Z',
      'flk_1111bbbb  revoked  bob      2026-01-03T00:00:00.000Z  never                     2026-01-04T00:00:00.000Z',
      '',
    ]);
    expect(renderKeys('deploy', 'staging', [])).toContain('has no webhook keys on staging (create one: flowops keys create deploy --env staging)');
  });
});
