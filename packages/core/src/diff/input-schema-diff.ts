/**
 * Compatibility of a workflow's input JSON Schema between two versions: what callers (manual
 * runs, schedules, `call` steps) must change. The one implementation of this rule: plan's diff
 * and the compiler's version policy (FLOW_BREAKING_CHANGE) both read it.
 *
 * An input the old version accepted must still be accepted, so these are breaking: a new
 * required field, a field becoming required, a type narrowed or changed (`string|null` →
 * `string`, `number` → `integer`), enum values removed or an enum introduced, a type introduced
 * where there was none. Compatible: optional fields added, a field becoming optional, a type
 * widened (`integer` → `number`, `string` → `string|null`), enum values added.
 *
 * A removed field is breaking only when the new object schema refuses unknown keys
 * (`additionalProperties: false` or a restricting schema, `unevaluatedProperties: false`, as
 * `z.strictObject` generates): callers may still send it. With a plain `z.object` (no
 * `additionalProperties`) the value is accepted and ignored, so the removal is compatible.
 * Recurses into object properties and array items.
 * @module
 */
import { deepEqual } from './deep-equal';

/** What changed about one input field. */
export type InputChangeKind =
  | 'added-required'
  | 'added-optional'
  | 'removed'
  | 'became-required'
  | 'became-optional'
  | 'type-changed'
  | 'type-widened'
  | 'enum-narrowed'
  | 'enum-widened'
  | 'constraint-changed';

/** One field-level change of an input schema. */
export interface InputChange {
  /** Dotted path of the field, e.g. `service.region` (`items[]` for array items, `` for the root). */
  path: string;
  kind: InputChangeKind;
  /** True when an input the old version accepted can be refused by the new one. */
  breaking: boolean;
  /** The types or values involved, e.g. `string|null → string` or `"y"` (removed enum values). */
  detail?: string;
}

type Schema = Record<string, unknown>;
const isObj = (v: unknown): v is Schema => typeof v === 'object' && v !== null && !Array.isArray(v);
const asSchema = (v: unknown): Schema => (isObj(v) ? v : {});
const props = (s: Schema): Schema => asSchema(s.properties);
const required = (s: Schema): Set<string> => new Set(Array.isArray(s.required) ? s.required.map(String) : []);
const join = (prefix: string, key: string): string => (prefix ? `${prefix}.${key}` : key);

/** The JSON types a schema admits (through `anyOf`/`oneOf` and type arrays); undefined: any. */
function typesOf(s: Schema): Set<string> | undefined {
  const branches = Array.isArray(s.anyOf) ? s.anyOf : Array.isArray(s.oneOf) ? s.oneOf : undefined;
  if (branches) {
    const out = new Set<string>();
    for (const branch of branches) {
      const t = isObj(branch) ? typesOf(branch) : undefined;
      if (!t) return undefined;
      for (const x of t) out.add(x);
    }
    return out;
  }
  if (typeof s.type === 'string') return new Set([s.type]);
  if (Array.isArray(s.type)) return new Set(s.type.map(String));
  return undefined;
}

/** Every integer is a number: `integer` → `number` widens. */
const accepts = (types: Set<string>, t: string): boolean => types.has(t) || (t === 'integer' && types.has('number'));

function enumOf(s: Schema): unknown[] | undefined {
  if (Array.isArray(s.enum)) return s.enum;
  if ('const' in s) return [s.const];
  return undefined;
}

/** True when an object schema refuses keys it does not list. */
function refusesUnknownKeys(s: Schema): boolean {
  const extra = s.additionalProperties;
  if (extra === false || s.unevaluatedProperties === false) return true;
  return isObj(extra) && Object.keys(extra).length > 0;
}

const STRUCTURAL = new Set(['properties', 'required', 'items', 'enum', 'const', 'type', 'anyOf', 'oneOf', 'description', 'title']);
const constraints = (s: Schema): Schema => Object.fromEntries(Object.entries(s).filter(([k]) => !STRUCTURAL.has(k)));
const show = (types: Set<string>): string => [...types].join('|');

type Add = (path: string, kind: InputChangeKind, breaking: boolean, detail?: string) => void;

function compareObject(before: Schema, after: Schema, prefix: string, add: Add): void {
  const bp = props(before);
  const ap = props(after);
  const br = required(before);
  const ar = required(after);
  for (const key of Object.keys(ap)) {
    const path = join(prefix, key);
    if (!(key in bp)) {
      add(path, ar.has(key) ? 'added-required' : 'added-optional', ar.has(key));
      continue;
    }
    if (!br.has(key) && ar.has(key)) add(path, 'became-required', true);
    if (br.has(key) && !ar.has(key)) add(path, 'became-optional', false);
    compareField(asSchema(bp[key]), asSchema(ap[key]), path, add);
  }
  for (const key of ar) if (!(key in ap) && !br.has(key)) add(join(prefix, key), 'added-required', true);
  for (const key of Object.keys(bp)) if (!(key in ap)) add(join(prefix, key), 'removed', refusesUnknownKeys(after));
}

function compareField(b: Schema, a: Schema, path: string, add: Add): void {
  const bt = typesOf(b);
  const at = typesOf(a);
  if (at && (!bt || [...bt].some((t) => !accepts(at, t)))) {
    add(path, 'type-changed', true, `${bt ? show(bt) : 'any'} → ${show(at)}`);
  } else if (bt && !deepEqual([...bt].sort(), at ? [...at].sort() : undefined)) {
    add(path, 'type-widened', false, `${show(bt)} → ${at ? show(at) : 'any'}`);
  }
  const be = enumOf(b);
  const ae = enumOf(a);
  if (ae) {
    const lost = be ? be.filter((v) => !ae.some((x) => deepEqual(x, v))) : [];
    if (!be || lost.length > 0) add(path, 'enum-narrowed', true, be ? lost.map((v) => JSON.stringify(v)).join(', ') : 'enum introduced');
    else if (ae.some((v) => !be.some((x) => deepEqual(x, v)))) add(path, 'enum-widened', false);
  } else if (be) {
    add(path, 'enum-widened', false, 'enum removed');
  }
  if (isObj(a.properties) || isObj(b.properties)) compareObject(b, a, path, add);
  if (isObj(b.items) && isObj(a.items)) compareField(b.items, a.items, `${path}[]`, add);
  if (!deepEqual(constraints(b), constraints(a))) add(path, 'constraint-changed', false);
}

/** Field-level changes between two input schemas (the root is an object schema). */
export function diffInputSchema(before: unknown, after: unknown): InputChange[] {
  const out: InputChange[] = [];
  const add: Add = (path, kind, breaking, detail) => {
    out.push(detail === undefined ? { path, kind, breaking } : { path, kind, breaking, detail });
  };
  const b = asSchema(before);
  const a = asSchema(after);
  compareObject(b, a, '', add);
  if (isObj(b.items) && isObj(a.items)) compareField(b.items, a.items, '[]', add);
  return out;
}

/** The changes that can refuse an input the old version accepted. */
export function breakingInputChanges(before: unknown, after: unknown): InputChange[] {
  return diffInputSchema(before, after).filter((c) => c.breaking);
}

const WORDS: Record<InputChangeKind, string> = {
  'added-required': 'is a new required field',
  'added-optional': 'is a new optional field',
  removed: 'was removed',
  'became-required': 'is now required',
  'became-optional': 'is now optional',
  'type-changed': 'changed type',
  'type-widened': 'accepts more types',
  'enum-narrowed': 'accepts fewer values',
  'enum-widened': 'accepts more values',
  'constraint-changed': 'changed constraints',
};

/** One line for a change, e.g. `input.a changed type (string → number)`; `root` prefixes the path. */
export function describeInputChange(change: InputChange, root = 'input'): string {
  const path = change.path === '' ? root : change.path.startsWith('[]') ? `${root}${change.path}` : `${root}.${change.path}`;
  return `${path} ${WORDS[change.kind]}${change.detail ? ` (${change.detail})` : ''}`;
}
