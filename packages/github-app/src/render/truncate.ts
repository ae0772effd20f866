/**
 * Fit Markdown into GitHub's limits (comment bodies 65 536, check-run summaries 65 535
 * characters) so that what remains still renders: cut at a line boundary, then close any open
 * code fence and `<details>` and say how much was left out. Pure.
 * @module
 */
export const COMMENT_LIMIT = 65_536;
export const CHECK_SUMMARY_LIMIT = 65_535;

interface OpenState {
  fence: string | undefined;
  details: number;
}

function step(state: OpenState, line: string): OpenState {
  const m = /^ {0,3}(`{3,}|~{3,})/.exec(line);
  if (m) {
    const marker = m[1]!;
    if (state.fence === undefined) return { fence: marker, details: state.details };
    if (marker[0] === state.fence[0] && marker.length >= state.fence.length && line.trim() === marker) return { fence: undefined, details: state.details };
    return state;
  }
  if (state.fence !== undefined) return state;
  const depth = state.details + (line.match(/<details\b/gi) ?? []).length - (line.match(/<\/details>/gi) ?? []).length;
  return { fence: undefined, details: Math.max(0, depth) };
}

function scan(lines: string[]): OpenState {
  return lines.reduce(step, { fence: undefined, details: 0 } as OpenState);
}

function closing(state: OpenState, omitted: number, note: string): string {
  const parts: string[] = [];
  if (state.fence) parts.push(state.fence);
  for (let i = 0; i < state.details; i++) parts.push('\n</details>');
  parts.push(`\n> ✂️ Truncated: ${omitted.toLocaleString('en-US')} characters left out to fit GitHub's limit. ${note}`);
  return parts.join('\n');
}

/** Returns `text` unchanged when it fits, otherwise a valid prefix plus a closing note. */
export function truncateMarkdown(text: string, limit: number, note = 'The full report is in the Temporal UI.'): string {
  if (text.length <= limit) return text;
  const lines = text.split('\n');
  // states[k] / lengths[k]: the open state and length of the first k lines joined with \n.
  const states: OpenState[] = [{ fence: undefined, details: 0 }];
  const lengths: number[] = [0];
  for (let k = 0; k < lines.length; k++) {
    states.push(step(states[k]!, lines[k]!));
    lengths.push(lengths[k]! + lines[k]!.length + (k > 0 ? 1 : 0));
  }
  for (let keep = lines.length - 1; keep > 0; keep--) {
    const used = lengths[keep]!;
    if (used >= limit) continue;
    const tail = closing(states[keep]!, text.length - used, note);
    if (used + 1 + tail.length <= limit) return `${lines.slice(0, keep).join('\n')}\n${tail}`;
  }
  return closing({ fence: undefined, details: 0 }, text.length, note).slice(0, limit);
}

/** Exposed for tests: whether fences and `<details>` are balanced. */
export function isBalanced(text: string): boolean {
  const s = scan(text.split('\n'));
  return s.fence === undefined && s.details === 0;
}
