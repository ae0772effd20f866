/**
 * Static walks over values and conditions: which references and secrets they use.
 * @module
 */
import { type FlowIssue, type Result, fail, ok } from '../codes';
import { Condition, type Value } from '../ir';
import { type Reference, parseReference } from './reference';
import { parseValueString } from './value-string';

/** True when `x` has the shape of a Condition (strict schema match). */
export function isCondition(x: unknown): x is Condition {
  return typeof x === 'object' && x !== null && !Array.isArray(x) && 'op' in x && Condition.safeParse(x).success;
}

/** The reference text of an `exists` condition: bare (`input.tag`) or braced (`{{ input.tag }}`). */
export function existsRefText(ref: string): string {
  const m = /^\{\{\s*([\s\S]*?)\s*\}\}$/.exec(ref.trim());
  return m ? m[1]! : ref.trim();
}

/**
 * Every reference in a value or a condition, in document order, with duplicates.
 * `kind` says how to read the argument; by default an object that matches the Condition
 * schema is read as a condition, anything else as a value.
 * Issues (bad references, malformed templates) carry the path where they occur.
 */
export function collectReferences(value: Value | Condition, kind?: 'value' | 'condition'): Result<Reference[]> {
  const refs: Reference[] = [];
  const issues: FlowIssue[] = [];
  const asCondition = kind ? kind === 'condition' : isCondition(value);
  if (asCondition) walkCondition(value as Condition, '', refs, issues);
  else walkValue(value, '', refs, issues);
  return issues.length > 0 ? fail(...issues) : ok(refs);
}

function join(path: string, key: string | number): string {
  if (typeof key === 'number') return `${path}[${key}]`;
  return path ? `${path}.${key}` : key;
}

function walkValue(value: unknown, path: string, refs: Reference[], issues: FlowIssue[]): void {
  if (typeof value === 'string') {
    const parsed = parseValueString(value);
    if (!parsed.ok) {
      for (const i of parsed.issues) issues.push({ ...i, path: i.path ?? (path || undefined) });
      return;
    }
    const e = parsed.value;
    if (e.kind === 'ref') refs.push(e.ref);
    else if (e.kind === 'template') for (const p of e.parts) if (typeof p !== 'string') refs.push(p);
  } else if (Array.isArray(value)) {
    value.forEach((v, i) => walkValue(v, join(path, i), refs, issues));
  } else if (typeof value === 'object' && value !== null) {
    for (const k of Object.keys(value)) walkValue((value as Record<string, unknown>)[k], join(path, k), refs, issues);
  }
}

function walkCondition(c: Condition, path: string, refs: Reference[], issues: FlowIssue[]): void {
  switch (c.op) {
    case 'and':
    case 'or':
      c.conditions.forEach((sub, i) => walkCondition(sub, join(join(path, 'conditions'), i), refs, issues));
      return;
    case 'not':
      walkCondition(c.condition, join(path, 'condition'), refs, issues);
      return;
    case 'exists': {
      const r = parseReference(existsRefText(c.ref));
      if (r.ok) refs.push(r.value);
      else for (const i of r.issues) issues.push({ ...i, path: join(path, 'ref') });
      return;
    }
    default:
      walkValue(c.left, join(path, 'left'), refs, issues);
      walkValue(c.right, join(path, 'right'), refs, issues);
  }
}

/**
 * Names of every secret referenced anywhere in `value` (any JSON, including whole steps or
 * workflows), sorted and unique. Malformed strings are skipped (validation reports them).
 */
export function secretNames(value: unknown): string[] {
  return rootNames(value, 'secret');
}

/**
 * Names of every `env.NAME` referenced anywhere in `value` (a step, a workflow), sorted and
 * unique: the values a run of it needs from its environment.
 * @example
 * envNames({ url: '{{ env.DEPLOY_API }}/x' }) // ['DEPLOY_API']
 */
export function envNames(value: unknown): string[] {
  return rootNames(value, 'env');
}

function rootNames(value: unknown, root: 'secret' | 'env'): string[] {
  const names = new Set<string>();
  const visit = (v: unknown, depth: number): void => {
    if (depth > 500) return;
    if (typeof v === 'string') {
      if (!v.includes('{{')) return;
      const parsed = parseValueString(v);
      if (!parsed.ok) return;
      const e = parsed.value;
      const parts = e.kind === 'ref' ? [e.ref] : e.kind === 'template' ? e.parts : [];
      for (const p of parts) if (typeof p !== 'string' && p.root === root) names.add(String(p.path[0]));
    } else if (Array.isArray(v)) {
      for (const x of v) visit(x, depth + 1);
    } else if (typeof v === 'object' && v !== null) {
      const obj = v as Record<string, unknown>;
      if (obj.op === 'exists' && typeof obj.ref === 'string') {
        const r = parseReference(existsRefText(obj.ref));
        if (r.ok && r.value.root === root) names.add(String(r.value.path[0]));
      }
      for (const k of Object.keys(obj)) visit(obj[k], depth + 1);
    }
  };
  visit(value, 0);
  return [...names].sort();
}
