/**
 * Print a Condition in the textual syntax (see `condition-parse.ts`). Printing normalises first
 * (`normalizeCondition`), and `parseCondition(printCondition(c))` equals `normalizeCondition(c)`
 * for every valid condition; so print ∘ parse ∘ print = print.
 * @module
 */
import type { Condition, Value } from '../ir';
import { existsRefText } from './collect';
import { parseReference } from './reference';
import { parseValueString } from './value-string';

const SYMBOL = { eq: '==', ne: '!=', gt: '>', gte: '>=', lt: '<', lte: '<=', in: 'in' } as const;

/** Print an operand: references bare, everything else as JSON. */
export function printOperand(v: Value): string {
  if (typeof v === 'string') {
    const parsed = parseValueString(v);
    if (parsed.ok && parsed.value.kind === 'ref') return parsed.value.ref.text;
    return JSON.stringify(v);
  }
  if (Array.isArray(v)) return `[${v.map(printOperand).join(', ')}]`;
  if (typeof v === 'object' && v !== null) {
    return `{${Object.keys(v)
      .map((k) => `${JSON.stringify(k)}: ${printOperand(v[k] as Value)}`)
      .join(', ')}}`;
  }
  if (typeof v === 'number') return Number.isFinite(v) ? JSON.stringify(v) : 'null';
  return JSON.stringify(v) ?? 'null';
}

/**
 * The canonical form of a condition: `and`/`or` with one child replaced by the child, nested
 * `and` in `and` (and `or` in `or`) flattened, reference operands as `"{{ <canonical> }}"`,
 * `exists` refs as bare canonical text, `-0` as `0`. Same meaning, same printed text.
 */
export function normalizeCondition(c: Condition): Condition {
  switch (c.op) {
    case 'and':
    case 'or': {
      const op = c.op;
      const flat = c.conditions.map(normalizeCondition).flatMap((x) => (x.op === op ? x.conditions : [x]));
      return flat.length === 1 ? flat[0]! : { op, conditions: flat };
    }
    case 'not':
      return { op: 'not', condition: normalizeCondition(c.condition) };
    case 'exists': {
      const r = parseReference(existsRefText(c.ref));
      return { op: 'exists', ref: r.ok ? r.value.text : c.ref };
    }
    default:
      return { op: c.op, left: normalizeOperand(c.left), right: normalizeOperand(c.right) };
  }
}

function normalizeOperand(v: Value): Value {
  if (typeof v === 'string') {
    const parsed = parseValueString(v);
    return parsed.ok && parsed.value.kind === 'ref' ? `{{ ${parsed.value.ref.text} }}` : v;
  }
  if (typeof v === 'number') return v === 0 ? 0 : v;
  if (Array.isArray(v)) return v.map(normalizeOperand);
  if (typeof v === 'object' && v !== null) return Object.fromEntries(Object.keys(v).map((k) => [k, normalizeOperand(v[k] as Value)]));
  return v;
}

export function printCondition(c: Condition): string {
  return print(normalizeCondition(c));
}

function print(c: Condition): string {
  switch (c.op) {
    case 'and':
      return c.conditions.map((x) => (x.op === 'and' || x.op === 'or' ? `(${print(x)})` : print(x))).join(' and ');
    case 'or':
      return c.conditions.map((x) => (x.op === 'or' ? `(${print(x)})` : print(x))).join(' or ');
    case 'not': {
      const inner = c.condition;
      const bare = inner.op === 'not' || inner.op === 'exists' || inner.op === 'contains';
      return bare ? `not ${print(inner)}` : `not (${print(inner)})`;
    }
    case 'exists':
      return `exists(${existsRefText(c.ref)})`;
    case 'contains':
      return `contains(${printOperand(c.left)}, ${printOperand(c.right)})`;
    default:
      return `${printOperand(c.left)} ${SYMBOL[c.op]} ${printOperand(c.right)}`;
  }
}
