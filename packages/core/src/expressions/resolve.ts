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
 * `keepSecrets: true` (used inside the workflow sandbox, which never sees secret values)
 * leaves every `{{ secret.X }}` in place and returns a *deferred value*: every other string
 * in the result is escaped (`{{` → `\{{`) so that data coming from inputs or step outputs can
 * never be mistaken for a secret reference later. Pass a deferred value through
 * `resolveSecrets(value, secrets)` inside the activity (always — it also removes the escapes).
 * Caveat: a literal text part ending in a backslash right before a kept secret reads as an
 * escape; avoid `\{{ secret.X }}` adjacency.
 * @module
 */
import { type FlowIssue, type Result, fail, ok } from '../codes';
import type { Value } from '../ir';
import type { Reference } from './reference';
import { type Scope, emptyScope, lookupReference } from './scope';
import { escapeValueString, parseValueString } from './value-string';

export interface ResolveOptions {
  /** Leave `{{ secret.X }}` unresolved and return a deferred value (see module docs). */
  keepSecrets?: boolean;
}

/** Resolve references and templates in `value`. Never throws. */
export function resolveValue(value: Value | unknown, scope: Scope, options: ResolveOptions = {}): Result<unknown> {
  const issues: FlowIssue[] = [];
  try {
    const result = walk(value, scope, options.keepSecrets === true, '', issues, 0);
    return issues.length > 0 ? fail(...issues) : ok(result);
  } catch {
    return fail({
      code: 'FLOW_INTERNAL',
      message: 'Could not resolve a value (unexpected data shape)',
      hint: 'report this as a flowops bug with the definition that triggered it',
    });
  }
}

/** Second pass inside an activity: resolve the secrets of a deferred value and remove escapes. */
export function resolveSecrets(deferred: unknown, secrets: (name: string) => string | undefined): Result<unknown> {
  return resolveValue(deferred, emptyScope(secrets));
}

const MAX_DEPTH = 200;

function walk(value: unknown, scope: Scope, keep: boolean, path: string, issues: FlowIssue[], depth: number): unknown {
  if (depth > MAX_DEPTH) {
    issues.push({ code: 'FLOW_INVALID_TEMPLATE', message: 'Value is nested too deeply', path: path || undefined });
    return undefined;
  }
  if (typeof value === 'string') return resolveString(value, scope, keep, path, issues);
  if (Array.isArray(value)) return value.map((v, i) => walk(v, scope, keep, `${path}[${i}]`, issues, depth + 1));
  if (typeof value === 'object' && value !== null) {
    return Object.fromEntries(
      Object.keys(value).map((k) => [
        k,
        walk((value as Record<string, unknown>)[k], scope, keep, path ? `${path}.${k}` : k, issues, depth + 1),
      ]),
    );
  }
  return value;
}

function resolveString(s: string, scope: Scope, keep: boolean, path: string, issues: FlowIssue[]): unknown {
  const parsed = parseValueString(s);
  const where = path || undefined;
  if (!parsed.ok) {
    for (const i of parsed.issues) issues.push({ ...i, path: i.path ?? where });
    return undefined;
  }
  const expr = parsed.value;
  if (expr.kind === 'literal') return keep ? escapeValueString(expr.value) : expr.value;
  if (expr.kind === 'ref') {
    if (keep && expr.ref.root === 'secret') return `{{ ${expr.ref.text} }}`;
    const r = lookupReference(expr.ref, scope);
    if (!r.ok) {
      for (const i of r.issues) issues.push({ ...i, path: i.path ?? where });
      return undefined;
    }
    return keep ? escapeDeep(r.value, 0) : r.value;
  }
  let out = '';
  for (const part of expr.parts) {
    if (typeof part === 'string') {
      out += keep ? escapeValueString(part) : part;
      continue;
    }
    if (keep && part.root === 'secret') {
      out += `{{ ${part.text} }}`;
      continue;
    }
    const text = interpolate(part, scope, where, issues);
    if (text !== undefined) out += keep ? escapeValueString(text) : text;
  }
  return out;
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

function escapeDeep(value: unknown, depth: number): unknown {
  if (typeof value === 'string') return escapeValueString(value);
  if (depth > MAX_DEPTH) return value;
  if (Array.isArray(value)) return value.map((v) => escapeDeep(v, depth + 1));
  if (typeof value === 'object' && value !== null && isPlain(value)) {
    return Object.fromEntries(Object.keys(value).map((k) => [k, escapeDeep((value as Record<string, unknown>)[k], depth + 1)]));
  }
  return value;
}

function isPlain(v: object): boolean {
  const proto = Object.getPrototypeOf(v);
  return proto === Object.prototype || proto === null;
}
