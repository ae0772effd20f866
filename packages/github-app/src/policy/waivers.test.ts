import { describe, expect, it } from 'vitest';
import { WAIVER_MARKER, waiverRecord, waiversFrom } from './waivers';

const HEAD = 'a'.repeat(40);
const OLD = 'b'.repeat(40);
const bot = 'flowops[bot]';

describe('policy waivers', () => {
  it('a record the App wrote for the head is a waiver; one per set and approver', () => {
    const body = waiverRecord({ set: 'production-safety', approvedBy: '@ada', sha: HEAD });
    expect(body.startsWith(WAIVER_MARKER)).toBe(true);
    expect(body).toContain('@ada waived policy set `production-safety` for `aaaaaaa`');
    expect(
      waiversFrom(
        [
          { body, login: bot },
          { body, login: bot },
        ],
        { bot, headSha: HEAD },
      ),
    ).toEqual([{ set: 'production-safety', approvedBy: '@ada', sha: HEAD }]);
  });

  it('a record for an older head, a copy of the marker by a user and a malformed record count for nothing', () => {
    const forged = waiverRecord({ set: 'production-safety', approvedBy: '@ada', sha: HEAD });
    const comments = [
      { body: waiverRecord({ set: 'production-safety', approvedBy: '@ada', sha: OLD }), login: bot },
      { body: forged, login: 'mallory' },
      { body: `${WAIVER_MARKER}{"set":"production-safety","approvedBy":"@ada" -->`, login: bot },
      { body: `${WAIVER_MARKER}{"set":"x","approvedBy":"not a login","sha":"${HEAD}"} -->`, login: bot },
      { body: `/flowops approve-policy production-safety`, login: 'ada' },
    ];
    expect(waiversFrom(comments, { bot, headSha: HEAD })).toEqual([]);
  });
});
