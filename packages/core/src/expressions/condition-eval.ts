/**
 * Evaluating and statically validating conditions.
 *
 * Semantics:
 * - Operands resolve like values (`resolveValue`): references keep their type; a missing path
 *   is `undefined`, which compares equal to `null` (and to nothing else).
 * - `==`/`!=`: deep JSON equality. `>` `>=` `<` `<=`: numbers with numbers, strings with
 *   strings (UTF-16 order, so ISO dates compare correctly); anything else is
 *   FLOW_CONDITION_EVAL_ERROR.
 * - `x in y` / `contains(y, x)`: y a list (deep-equal member), a string (substring; x must be
 *   a string) or an object (own key; x must be a string); anything else is
 *   FLOW_CONDITION_EVAL_ERROR.
 * - `exists(r)`: r resolves to something other than undefined/null. A step that has not run
 *   (absent from the scope) does not exist; it is not an error.
 * - `and`/`or` short-circuit, left to right. Reference errors keep their own codes
 *   (FLOW_INVALID_REFERENCE, FLOW_INVALID_TEMPLATE, FLOW_SECRET_MISSING).
 * Never throws.
 * @module
 */
import { type FlowIssue, type Result, fail, ok } from '../codes';
import { COMPARISON_OPS, Condition } from '../ir';
import { parseCondition } from './condition-parse';
import { collectReferences, existsRefText } from './collect';
import { type Reference, parseReference } from './reference';
import { resolveValue } from './resolve';
import { type Scope, lookupReference } from './scope';

const EVAL_HINT = 'compare numbers with numbers and strings with strings; use "in"/contains() with a list, string or object';

function evalError(message: string, hint = EVAL_HINT): Result<never> {
  return fail({ code: 'FLOW_CONDITION_EVAL_ERROR', message, hint });
}

/** Evaluate a condition (structured, or text that `parseCondition` accepts) against a scope. */
export function evaluateCondition(c: Condition | string, scope: Scope): Result<boolean> {
  try {
    if (typeof c === 'string') {
      const parsed = parseCondition(c);
      return parsed.ok ? evaluate(parsed.value, scope, 0) : parsed;
    }
    return evaluate(c, scope, 0);
  } catch {
    return evalError('The condition could not be evaluated (unexpected data shape)', 'check the condition and the data it reads');
  }
}

function kindOf(v: unknown): string {
  if (v === undefined) return 'nothing';
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'list';
  return typeof v === 'object' ? 'object' : typeof v;
}

function evaluate(c: unknown, scope: Scope, depth: number): Result<boolean> {
  if (depth > 200) return evalError('The condition is nested too deeply', 'simplify the condition');
  if (typeof c !== 'object' || c === null || typeof (c as { op?: unknown }).op !== 'string') {
    return evalError('Not a condition', 'a condition is an object with an "op" (eq, and, exists, …)');
  }
  const cond = c as Record<string, unknown> & { op: string };
  switch (cond.op) {
    case 'and':
    case 'or': {
      const list = cond.conditions;
      if (!Array.isArray(list) || list.length === 0) return evalError(`"${cond.op}" needs a non-empty list of conditions`);
      const want = cond.op === 'or';
      for (const sub of list) {
        const r = evaluate(sub, scope, depth + 1);
        if (!r.ok || r.value === want) return r;
      }
      return ok(!want);
    }
    case 'not': {
      const r = evaluate(cond.condition, scope, depth + 1);
      return r.ok ? ok(!r.value) : r;
    }
    case 'exists': {
      if (typeof cond.ref !== 'string') return evalError('exists needs a reference', 'write exists(input.tag)');
      const ref = parseReference(existsRefText(cond.ref));
      if (!ref.ok) return ref;
      const v = lookupReference(ref.value, scope);
      return ok(v.ok && v.value !== undefined && v.value !== null);
    }
    default: {
      if (!(COMPARISON_OPS as readonly string[]).includes(cond.op)) return evalError(`Unknown condition operator "${cond.op}"`);
      const left = resolveValue(cond.left, scope);
      if (!left.ok) return left;
      const right = resolveValue(cond.right, scope);
      if (!right.ok) return right;
      return compare(cond.op as (typeof COMPARISON_OPS)[number], left.value, right.value);
    }
  }
}

function compare(op: (typeof COMPARISON_OPS)[number], l: unknown, r: unknown): Result<boolean> {
  switch (op) {
    case 'eq':
      return ok(valuesEqual(l, r, 0));
    case 'ne':
      return ok(!valuesEqual(l, r, 0));
    case 'gt':
    case 'gte':
    case 'lt':
    case 'lte': {
      const bothNumbers = typeof l === 'number' && typeof r === 'number';
      const bothStrings = typeof l === 'string' && typeof r === 'string';
      if (!bothNumbers && !bothStrings) {
        const sym = { gt: '>', gte: '>=', lt: '<', lte: '<=' }[op];
        return evalError(`Cannot compare ${kindOf(l)} ${sym} ${kindOf(r)}`);
      }
      const a = l as number | string;
      const b = r as number | string;
      return ok(op === 'gt' ? a > b : op === 'gte' ? a >= b : op === 'lt' ? a < b : a <= b);
    }
    case 'in':
      return membership(r, l, `${kindOf(l)} in ${kindOf(r)}`);
    case 'contains':
      return membership(l, r, `contains(${kindOf(l)}, ${kindOf(r)})`);
  }
}

function membership(container: unknown, element: unknown, what: string): Result<boolean> {
  if (Array.isArray(container)) return ok(container.some((x) => valuesEqual(x, element, 0)));
  if (typeof container === 'string' && typeof element === 'string') return ok(container.includes(element));
  if (typeof container === 'object' && container !== null && typeof element === 'string') {
    return ok(Object.hasOwn(container, element));
  }
  return evalError(`Cannot evaluate ${what}`);
}

/** Deep JSON equality as conditions use it: `undefined` equals `null`. */
export function valuesEqual(a: unknown, b: unknown, depth = 0): boolean {
  const x = a === undefined ? null : a;
  const y = b === undefined ? null : b;
  if (x === y) return true;
  if (depth > 200 || typeof x !== 'object' || typeof y !== 'object' || x === null || y === null) {
    return typeof x === 'number' && typeof y === 'number' && Number.isNaN(x) && Number.isNaN(y);
  }
  if (Array.isArray(x) !== Array.isArray(y)) return false;
  if (Array.isArray(x) && Array.isArray(y)) {
    return x.length === y.length && x.every((v, i) => valuesEqual(v, y[i], depth + 1));
  }
  const xo = x as Record<string, unknown>;
  const yo = y as Record<string, unknown>;
  const kx = Object.keys(xo).filter((k) => xo[k] !== undefined);
  const ky = Object.keys(yo).filter((k) => yo[k] !== undefined);
  return kx.length === ky.length && kx.every((k) => Object.hasOwn(yo, k) && valuesEqual(xo[k], yo[k], depth + 1));
}

/**
 * Static checks: the condition has the IR shape, every operand reference parses, templates
 * are well-formed, and no secret is read (conditions run in the workflow sandbox, which never
 * sees secrets). Returns the references used, for the caller to check against the DAG.
 */
export function validateCondition(c: Condition | unknown): Result<Reference[]> {
  const shape = Condition.safeParse(c);
  if (!shape.success) {
    return fail({
      code: 'FLOW_INVALID_CONDITION',
      message: `Invalid condition: ${shape.error.issues[0]?.message ?? 'wrong shape'}`,
      hint: 'write the condition as text (e.g. input.env == "prod") or as {op, left, right} / {op: "exists", ref} / {op: "and"|"or", conditions} / {op: "not", condition}',
    });
  }
  const refs = collectReferences(shape.data, 'condition');
  if (!refs.ok) return refs;
  const issues: FlowIssue[] = refs.value
    .filter((r) => r.root === 'secret')
    .map((r) => ({
      code: 'FLOW_INVALID_CONDITION' as const,
      message: `Condition reads ${r.text}: conditions cannot read secrets`,
      hint: 'decide on non-secret data (input, step outputs, env); secrets are only available inside actions',
    }));
  return issues.length > 0 ? fail(...issues) : ok(refs.value);
}
