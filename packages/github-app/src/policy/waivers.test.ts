import { describe, expect, it } from 'vitest';
import { CHECK_RUN_WAIVERS_MARKER, WAIVER_MARKER, checkRunWaiversLine, waiverRecord, waiversFrom, waiversFromCheckRunText } from './waivers';

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

  it('the check run text records the waivers that applied in a hidden line; anything malformed reads as none', () => {
    const line = checkRunWaiversLine([{ set: 'production-safety', approvedBy: '@ada', sha: HEAD }]);
    expect(line.startsWith(CHECK_RUN_WAIVERS_MARKER) && line.endsWith(' -->')).toBe(true);
    expect(waiversFromCheckRunText(`### Policy\n${line}\n| … |`)).toEqual([{ set: 'production-safety', approvedBy: '@ada', sha: HEAD }]);
    expect(checkRunWaiversLine([])).toBe('');
    for (const text of [undefined, null, '', `${CHECK_RUN_WAIVERS_MARKER}[{"set":1}] -->`, `${CHECK_RUN_WAIVERS_MARKER}[`, `${CHECK_RUN_WAIVERS_MARKER}{} -->`])
      expect(waiversFromCheckRunText(text)).toEqual([]);
  });
});
