/**
 * Compatibility of a workflow's input JSON Schema between two versions: what callers (manual
 * runs, schedules, `call` steps) must change. Breaking: a new required field, a removed
 * field, a field becoming required, a type change, enum values removed.
 * @module
 */
import { deepEqual } from './deep-equal';

export type InputChangeKind =
  | 'added-required'
  | 'added-optional'
  | 'removed'
  | 'became-required'
  | 'became-optional'
  | 'type-changed'
  | 'enum-narrowed'
  | 'enum-widened'
  | 'constraint-changed';

export interface InputChange {
  /** Dotted path of the field, e.g. `service.region`. */
  path: string;
  kind: InputChangeKind;
  breaking: boolean;
}

type Schema = Record<string, unknown>;
const asSchema = (v: unknown): Schema => (v && typeof v === 'object' && !Array.isArray(v) ? (v as Schema) : {});
const props = (s: Schema): Schema => asSchema(s.properties);
const required = (s: Schema): Set<string> => new Set(Array.isArray(s.required) ? (s.required as string[]) : []);
const typeOf = (s: Schema): unknown => s.type ?? (s.anyOf ? 'anyOf' : s.oneOf ? 'oneOf' : undefined);
const BREAKING: Record<InputChangeKind, boolean> = {
  'added-required': true,
  'added-optional': false,
  removed: true,
  'became-required': true,
  'became-optional': false,
  'type-changed': true,
  'enum-narrowed': true,
  'enum-widened': false,
  'constraint-changed': false,
};

function walk(before: Schema, after: Schema, prefix: string, out: InputChange[]): void {
  const add = (path: string, kind: InputChangeKind): void => {
    out.push({ path, kind, breaking: BREAKING[kind] });
  };
  const bp = props(before);
  const ap = props(after);
  const br = required(before);
  const ar = required(after);
  for (const key of Object.keys(ap)) {
    const path = prefix ? `${prefix}.${key}` : key;
    if (!(key in bp)) {
      add(path, ar.has(key) ? 'added-required' : 'added-optional');
      continue;
    }
    if (!br.has(key) && ar.has(key)) add(path, 'became-required');
    if (br.has(key) && !ar.has(key)) add(path, 'became-optional');
    compareField(asSchema(bp[key]), asSchema(ap[key]), path, out, add);
  }
  for (const key of Object.keys(bp)) if (!(key in ap)) add(prefix ? `${prefix}.${key}` : key, 'removed');
}

function compareField(b: Schema, a: Schema, path: string, out: InputChange[], add: (p: string, k: InputChangeKind) => void): void {
  if (!deepEqual(typeOf(b), typeOf(a))) {
    add(path, 'type-changed');
    return;
  }
  if (Array.isArray(b.enum) || Array.isArray(a.enum)) {
    const be = Array.isArray(b.enum) ? b.enum : undefined;
    const ae = Array.isArray(a.enum) ? a.enum : undefined;
    if (ae && (!be || be.some((v) => !ae.some((x) => deepEqual(x, v))))) add(path, 'enum-narrowed');
    else if (be && (!ae || ae.some((v) => !be.some((x) => deepEqual(x, v))))) add(path, 'enum-widened');
  }
  if (typeOf(a) === 'object' || a.properties || b.properties) walk(b, a, path, out);
  else if (typeOf(a) === 'array') compareField(asSchema(b.items), asSchema(a.items), `${path}[]`, out, add);
  const strip = (s: Schema): Schema => {
    const { properties: _p, required: _r, items: _i, enum: _e, type: _t, description: _d, title: _ti, ...rest } = s;
    return rest;
  };
  if (!deepEqual(strip(b), strip(a))) add(path, 'constraint-changed');
}

/** Field-level changes between two input schemas (the root is an object schema). */
export function diffInputSchema(before: unknown, after: unknown): InputChange[] {
  const out: InputChange[] = [];
  walk(asSchema(before), asSchema(after), '', out);
  return out;
}
