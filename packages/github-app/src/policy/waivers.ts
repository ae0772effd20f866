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

/** Start of the hidden line in the check run's output text that lists the waivers that applied (JSON), for tools such as `flowops publish`. */
export const CHECK_RUN_WAIVERS_MARKER = '<!-- flowops:policy-waivers ';

/** The hidden line recording `waivers` in a check run's output text ('' when there are none). */
export function checkRunWaiversLine(waivers: readonly PolicyWaiver[]): string {
  return waivers.length === 0 ? '' : `${CHECK_RUN_WAIVERS_MARKER}${JSON.stringify(waivers).replaceAll('--', '\\u002d\\u002d')} -->`;
}

/**
 * The waivers a `flowops` check run's output text records. Only meaningful for a check run the
 * flowops App wrote (the caller checks the check run's app): anyone can write this text elsewhere.
 */
export function waiversFromCheckRunText(text: string | null | undefined): PolicyWaiver[] {
  const start = typeof text === 'string' ? text.indexOf(CHECK_RUN_WAIVERS_MARKER) : -1;
  if (start < 0) return [];
  const end = text!.indexOf(' -->', start);
  if (end < 0) return [];
  try {
    const parsed = PolicyWaiver.array().safeParse(JSON.parse(text!.slice(start + CHECK_RUN_WAIVERS_MARKER.length, end)));
    return parsed.success ? parsed.data : [];
  } catch {
    return [];
  }
}
