/**
 * Policy waivers without a store: when an owner of a policy set comments `/flowops approve-policy
 * <set>`, the App replies with a record (a hidden marker carrying set, approver and the head commit)
 * and rebuilds the report. Every report re-derives the waivers of its commit from those records —
 * the App's own comments only, on the current head (a new push needs a new approval) — and the
 * approver's ownership was checked against the base branch's policy before the record was written.
 * `@flowops/compiler`'s `evaluatePolicies` turns a waived set's violations into warnings. Pure; runs in workflows.
 * @module
 */
import { PolicyWaiver } from '../report/types';

/** Start of the hidden marker of a waiver record; the JSON of the waiver follows, then ` -->`. */
export const WAIVER_MARKER = '<!-- flowops:policy-waiver ';

/** The App's reply that records a waiver (its first line is the marker); `approvedBy` is `@login`. */
export function waiverRecord(w: PolicyWaiver): string {
  return [
    `${WAIVER_MARKER}${JSON.stringify({ set: w.set, approvedBy: w.approvedBy, sha: w.sha })} -->`,
    `${w.approvedBy} waived policy set \`${w.set}\` for \`${w.sha.slice(0, 7)}\`: its violations no longer fail the \`flowops\` check of this commit. A new push needs a new approval.`,
  ].join('\n');
}

/**
 * The waivers recorded for `headSha`: records in comments written by `bot` (the App) only; others'
 * comments that copy the marker count for nothing. One waiver per set and approver.
 */
export function waiversFrom(comments: readonly { body: string; login: string }[], o: { bot: string; headSha: string }): PolicyWaiver[] {
  const out: PolicyWaiver[] = [];
  for (const c of comments) {
    if (c.login !== o.bot || typeof c.body !== 'string' || !c.body.startsWith(WAIVER_MARKER)) continue;
    const end = c.body.indexOf(' -->');
    if (end < 0) continue;
    let parsed: unknown;
    try {
      parsed = JSON.parse(c.body.slice(WAIVER_MARKER.length, end));
    } catch {
      continue;
    }
    const w = PolicyWaiver.safeParse(parsed);
    if (!w.success || w.data.sha !== o.headSha) continue;
    if (!out.some((x) => x.set === w.data.set && x.approvedBy === w.data.approvedBy)) out.push(w.data);
  }
  return out;
}
