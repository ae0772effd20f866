/**
 * Value strings: how references live inside definition values.
 *
 * - `"{{ steps.fetch.output.body }}"` — exactly one reference (whitespace inside the braces is
 *   allowed, nothing outside): a *whole-value reference*; it evaluates to the referenced value
 *   with its type (object, number, …).
 * - `"Bearer {{ secret.TOKEN }}"` — any other string containing `{{ … }}`: a *template*; it
 *   evaluates to a string.
 * - `"\{{ not a reference }}"` — a backslash before `{{` makes a literal `{{`.
 * - anything else is a literal string.
 * @module
 */
import { type Result, fail, ok } from '../codes';
import { type Reference, parseReference } from './reference';

export type ValueExpr = { kind: 'literal'; value: string } | { kind: 'ref'; ref: Reference } | { kind: 'template'; parts: (string | Reference)[] };

/** Parse one string of a definition. Unclosed/empty braces → FLOW_INVALID_TEMPLATE; a bad reference → FLOW_INVALID_REFERENCE. */
export function parseValueString(s: string): Result<ValueExpr> {
  if (typeof s !== 'string') return fail({ code: 'FLOW_INVALID_TEMPLATE', message: 'A value string must be a string' });
  if (!s.includes('{{')) return ok({ kind: 'literal', value: s });
  const parts: (string | Reference)[] = [];
  let buf = '';
  let i = 0;
  while (i < s.length) {
    if (s.startsWith('\\{{', i)) {
      buf += '{{';
      i += 3;
      continue;
    }
    if (!s.startsWith('{{', i)) {
      buf += s[i];
      i += 1;
      continue;
    }
    const close = findClose(s, i + 2);
    if (close < 0) {
      return fail({
        code: 'FLOW_INVALID_TEMPLATE',
        message: `Unclosed "{{" at position ${i} in ${JSON.stringify(s)}`,
        hint: 'close the reference with "}}", or write "\\{{" for a literal "{{"',
      });
    }
    const inner = s.slice(i + 2, close).trim();
    if (inner === '') {
      return fail({
        code: 'FLOW_INVALID_TEMPLATE',
        message: `Empty "{{ }}" at position ${i} in ${JSON.stringify(s)}`,
        hint: 'put a reference between the braces, e.g. {{ input.name }}, or write "\\{{" for a literal "{{"',
      });
    }
    const ref = parseReference(inner);
    if (!ref.ok) return ref;
    if (buf) parts.push(buf);
    buf = '';
    parts.push(ref.value);
    i = close + 2;
  }
  if (buf) parts.push(buf);
  if (parts.length === 1 && typeof parts[0] !== 'string') return ok({ kind: 'ref', ref: parts[0]! });
  if (parts.every((p) => typeof p === 'string')) return ok({ kind: 'literal', value: parts.join('') });
  return ok({ kind: 'template', parts });
}

/** Index of the `}}` closing a reference that starts at `from`, skipping JSON strings; -1 if none. */
function findClose(s: string, from: number): number {
  let inString = false;
  for (let j = from; j < s.length; j++) {
    const c = s[j];
    if (inString) {
      if (c === '\\') j++;
      else if (c === '"') inString = false;
    } else if (c === '"') inString = true;
    else if (c === '}' && s[j + 1] === '}') return j;
  }
  return -1;
}

/** Print a parsed value string back (canonical reference text, literal `{{` escaped). */
export function printValueExpr(expr: ValueExpr): string {
  switch (expr.kind) {
    case 'literal':
      return escapeValueString(expr.value);
    case 'ref':
      return `{{ ${expr.ref.text} }}`;
    case 'template':
      return expr.parts.map((p) => (typeof p === 'string' ? escapeValueString(p) : `{{ ${p.text} }}`)).join('');
  }
}

/** Make an arbitrary string safe to embed in a value string: every `{{` becomes `\{{`. */
export function escapeValueString(s: string): string {
  return s.replaceAll('{{', '\\{{');
}
