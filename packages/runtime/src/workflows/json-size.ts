/**
 * Sizes of JSON values without recursion (a 3 000-level input must not overflow the stack):
 * nesting depth, UTF-8 byte length of the JSON text, and short previews of large values for
 * step traces. Sandbox-safe (no Buffer, no TextEncoder, no structuredClone).
 * @module
 */

/**
 * True when `value` nests objects/arrays deeper than `max` levels (`{}` is level 1). Iterative,
 * stops at the first too-deep container; cycles are not followed twice.
 */
export function deeperThan(value: unknown, max: number): boolean {
  const stack: Array<[unknown, number]> = [[value, 0]];
  const seen = new Set<object>();
  while (stack.length > 0) {
    const [v, depth] = stack.pop()!;
    if (typeof v !== 'object' || v === null || seen.has(v)) continue;
    seen.add(v);
    if (depth + 1 > max) return true;
    const children = Array.isArray(v) ? v : Object.values(v as Record<string, unknown>);
    for (const c of children) if (typeof c === 'object' && c !== null) stack.push([c, depth + 1]);
  }
  return false;
}

/** UTF-8 byte length of a string. */
export function utf8Length(s: string): number {
  let n = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x80) n += 1;
    else if (c < 0x800) n += 2;
    else if (c >= 0xd800 && c <= 0xdbff && i + 1 < s.length) {
      n += 4;
      i++;
    } else n += 3;
  }
  return n;
}

/** Bytes of `JSON.stringify(value)` (0 for undefined). Call only on values within a depth limit. */
export function jsonByteLength(value: unknown): number {
  const text = JSON.stringify(value);
  return typeof text === 'string' ? utf8Length(text) : 0;
}

/** Step inputs/outputs above this many bytes are stored in traces as a preview. */
export const TRACE_PREVIEW_THRESHOLD_BYTES = 16 * 1024;
/** Characters of JSON kept in a preview. */
export const TRACE_PREVIEW_CHARS = 1024;

/** What a trace shows instead of a large value: the start of its JSON and its full size. */
export interface TracePreview {
  truncated: true;
  bytes: number;
  preview: string;
}

/**
 * The value itself when small, else a `TracePreview` (so a run's result does not store a third
 * copy of large data: the run input and the activity input/result already hold it).
 */
export function tracePreview(value: unknown, threshold = TRACE_PREVIEW_THRESHOLD_BYTES): unknown {
  if (value === undefined || value === null || (typeof value !== 'object' && typeof value !== 'string')) return value;
  if (deeperThan(value, 200)) return { truncated: true, bytes: -1, preview: '(nested more than 200 levels)' };
  const text = JSON.stringify(value);
  if (typeof text !== 'string' || text.length * 3 < threshold) return value;
  const bytes = utf8Length(text);
  if (bytes <= threshold) return value;
  return { truncated: true, bytes, preview: `${text.slice(0, TRACE_PREVIEW_CHARS)}…` } satisfies TracePreview;
}
