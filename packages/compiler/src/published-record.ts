/**
 * The record `flowops rollback` leaves in the repository: one `Flowops-Published:` git trailer per
 * version the revert takes back, each with the newest commit at that version. Those versions were
 * published and never change, so `check --base` reads the record (offline, from the history of the
 * workflow's directory) to refuse a fix-forward that bumps back to one of them with other content.
 *
 * A trailer line: `Flowops-Published: deploy@1.0.1 3f2c…(40 hex)`.
 * @module
 */

/** The trailer key. */
export const PUBLISHED_TRAILER = 'Flowops-Published';

/** One published version of a workflow, and the newest commit at which git had it. */
export interface PublishedRecord {
  workflow: string;
  version: string;
  sha: string;
}

/** The trailer lines (one per record), to end a commit message with. */
export function formatPublishedTrailers(records: PublishedRecord[]): string {
  return records.map((r) => `${PUBLISHED_TRAILER}: ${r.workflow}@${r.version} ${r.sha}`).join('\n');
}

const LINE = new RegExp(`^${PUBLISHED_TRAILER}:\\s*(\\S+)@(\\S+)\\s+([0-9a-f]{40,64})\\s*$`, 'gim');

/**
 * Every record in `text` (commit messages, e.g. `git log --format=%B`), for `workflow` only when
 * given. A workflow name with `@` (a scope) is split at its last `@`.
 */
export function parsePublishedTrailers(text: string, workflow?: string): PublishedRecord[] {
  const out: PublishedRecord[] = [];
  for (const m of text.matchAll(LINE)) {
    const record = { workflow: m[1]!, version: m[2]!, sha: m[3]!.toLowerCase() };
    if (workflow === undefined || record.workflow === workflow) out.push(record);
  }
  return out;
}
