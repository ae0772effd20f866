/**
 * Resolving definition values against a run's scope.
 *
 * - A whole-value reference (`"{{ input.user }}"`) yields the referenced value with its type;
 *   a missing path yields `undefined`.
 * - A template yields a string: strings as they are, numbers/booleans via `String`, `null` as
 *   `"null"`, objects and arrays as JSON. A template reference that resolves to nothing is an
 *   error (FLOW_INVALID_TEMPLATE): silently producing `https://api/users/` from
 *   `https://api/users/{{ input.id }}` is how a workflow deletes the wrong thing.
 * - Objects and arrays are walked; every issue is reported with its path.
 *
 * Resolution works on the parsed template (`parseValueString`): its literal parts and reference
 * slots. Referenced values are substituted into the slots and the result is never scanned again,
 * so data from inputs, env or step outputs is text, whatever it contains and whatever stands next
 * to it (`{{ input.a }}{{ input.b }}` with `a = "{"`, `b = "{ secret.X }}"` is the text
 * `{{ secret.X }}`, not a reference).
 *
 * `resolveDeferred` (inside the workflow sandbox, which never sees secret values) resolves
 * everything but `{{ secret.X }}` and returns a `DeferredValue`: strings that reference secrets
 * become slots that the activity fills with `fillSecrets` (see `secret-slots.ts`).
 * @module
 */
import { type FlowIssue, type Result, fail, ok } from '../codes';
import type { Value } from '../ir';
import type { PathSegment, Reference } from './reference';
import { type Scope, lookupReference } from './scope';
import { type DeferredValue, type SecretSlot, type SlotPart, printSlot } from './secret-slots';
import { parseValueString } from './value-string';

/** Resolve references and templates in `value`. Never throws. */
export function resolveValue(value: Value | unknown, scope: Scope): Result<unknown> {
  return run(value, scope, undefined);
}

/**
 * Resolve everything but secret references (inside the workflow sandbox): strings that
 * reference secrets become slots of the returned `DeferredValue`. Never throws.
 */
export function resolveDeferred(value: Value | unknown, scope: Scope): Result<DeferredValue> {
  const slots: SecretSlot[] = [];
  const r = run(value, scope, slots);
  return r.ok ? ok({ value: r.value, slots }) : r;
}

function run(value: unknown, scope: Scope, slots: SecretSlot[] | undefined): Result<unknown> {
  const issues: FlowIssue[] = [];
  try {
    const result = walk(value, { scope, slots, issues }, [], 0);
    return issues.length > 0 ? fail(...issues) : ok(result);
  } catch {
    return fail({
      code: 'FLOW_INTERNAL',
      message: 'Could not resolve a value (unexpected data shape)',
      hint: 'report this as a flowops bug with the definition that triggered it',
    });
  }
}

interface Walk {
  scope: Scope;
  /** Set when secrets are deferred: slots are recorded here. */
  slots: SecretSlot[] | undefined;
  issues: FlowIssue[];
}

const MAX_DEPTH = 200;

function printPath(path: readonly PathSegment[]): string | undefined {
  let out = '';
  for (const seg of path) out += typeof seg === 'number' ? `[${seg}]` : out ? `.${seg}` : seg;
  return out || undefined;
}

function walk(value: unknown, w: Walk, path: PathSegment[], depth: number): unknown {
  if (depth > MAX_DEPTH) {
    w.issues.push({ code: 'FLOW_INVALID_TEMPLATE', message: 'Value is nested too deeply', path: printPath(path) });
    return undefined;
  }
  if (typeof value === 'string') return resolveString(value, w, path);
  if (Array.isArray(value)) return value.map((v, i) => walk(v, w, [...path, i], depth + 1));
  if (typeof value === 'object' && value !== null) {
    return Object.fromEntries(Object.keys(value).map((k) => [k, walk((value as Record<string, unknown>)[k], w, [...path, k], depth + 1)]));
  }
  return value;
}

function resolveString(s: string, w: Walk, path: PathSegment[]): unknown {
  const parsed = parseValueString(s);
  const where = printPath(path);
  if (!parsed.ok) {
    for (const i of parsed.issues) w.issues.push({ ...i, path: i.path ?? where });
    return undefined;
  }
  const expr = parsed.value;
  if (expr.kind === 'literal') return expr.value;
  const refs = expr.kind === 'ref' ? [expr.ref] : expr.parts;
  if (expr.kind === 'ref' && !(w.slots && expr.ref.root === 'secret')) {
    const r = lookupReference(expr.ref, w.scope);
    if (!r.ok) {
      for (const i of r.issues) w.issues.push({ ...i, path: i.path ?? where });
      return undefined;
    }
    return r.value;
  }
  // A template (or a deferred whole-value secret): substitute into the slots of the parsed parts.
  const parts: SlotPart[] = [];
  const push = (text: string): void => {
    const last = parts.length - 1;
    if (last >= 0 && typeof parts[last] === 'string') parts[last] += text;
    else parts.push(text);
  };
  for (const part of refs) {
    if (typeof part === 'string') push(part);
    else if (w.slots && part.root === 'secret') parts.push({ secret: String(part.path[0]) });
    else {
      const text = interpolate(part, w.scope, where, w.issues);
      if (text !== undefined) push(text);
    }
  }
  if (parts.every((p) => typeof p === 'string')) return parts.join('');
  w.slots?.push({ path: [...path], parts });
  return printSlot(parts);
}

function interpolate(ref: Reference, scope: Scope, where: string | undefined, issues: FlowIssue[]): string | undefined {
  const r = lookupReference(ref, scope);
  if (!r.ok) {
    for (const i of r.issues) issues.push({ ...i, path: i.path ?? where });
    return undefined;
  }
  const v = r.value;
  if (v === undefined) {
    issues.push({
      code: 'FLOW_INVALID_TEMPLATE',
      message: `Template reference ${ref.text} resolved to nothing`,
      hint: `make sure ${ref.text} exists before this step runs, or guard the step with an "if: exists(${ref.text})" condition`,
      path: where,
    });
    return undefined;
  }
  if (typeof v === 'string') return v;
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  if (v === null) return 'null';
  try {
    const json = JSON.stringify(v);
    if (typeof json === 'string') return json;
  } catch {
    // fall through
  }
  issues.push({
    code: 'FLOW_INVALID_TEMPLATE',
    message: `Template reference ${ref.text} resolved to a value that cannot be written as text`,
    hint: 'reference a string, number, boolean or JSON-serialisable value',
    path: where,
  });
  return undefined;
}
