/**
 * Run input from `key=value` strings (a `/flowops run` comment, `flowops run … key=value`), guided
 * by the workflow's input JSON Schema: dotted keys nest, numbers, integers, booleans and null are
 * converted where the schema asks for them, arrays and objects are read as JSON. Values that do not
 * convert stay strings, so the schema validation that follows names them.
 *
 * Input is data and never touches a prototype: `__proto__`, `prototype` and `constructor` are
 * refused as key segments and as keys anywhere in a value, and the object is built with null
 * prototypes and copied to plain objects only once every key is known to be safe. Pure.
 * @module
 */
import { type FlowIssue, type Result, fail, ok } from './codes';

type Schema = Record<string, unknown>;

/** Keys that would reach an object's prototype: never an input name. */
export const FORBIDDEN_INPUT_KEYS: readonly string[] = Object.freeze(['__proto__', 'prototype', 'constructor']);

const isForbidden = (key: string) => FORBIDDEN_INPUT_KEYS.includes(key);

function forbiddenIssue(where: string, key: string): FlowIssue {
  return {
    code: 'FLOW_INVALID_INPUT',
    message: `input ${where} uses "${key}", which is never an input name`,
    hint: `name the fields of the workflow's input schema; ${FORBIDDEN_INPUT_KEYS.map((k) => `"${k}"`).join(', ')} are refused`,
    path: where,
  };
}

/** The segments of a dotted input key (`service.name` → `['service', 'name']`), or why it is refused. */
export function inputPath(key: string): Result<string[]> {
  const parts = key.split('.');
  if (key === '' || parts.some((p) => p === '')) {
    return fail({
      code: 'FLOW_INVALID_INPUT',
      message: `"${key}" is not an input name (empty part)`,
      hint: 'write key=value or a.b=value, e.g. service.name=api',
      path: key,
    });
  }
  const bad = parts.find(isForbidden);
  return bad ? fail(forbiddenIssue(`"${key}"`, bad)) : ok(parts);
}

function typesOf(schema: Schema | undefined): string[] {
  if (!schema) return [];
  const t = schema.type;
  const own = Array.isArray(t) ? t.map(String) : typeof t === 'string' ? [t] : [];
  const branches = [schema.anyOf, schema.oneOf].flatMap((b) => (Array.isArray(b) ? (b as Schema[]) : []));
  return [...own, ...branches.flatMap((b) => typesOf(b))];
}

function propertySchema(schema: Schema | undefined, key: string): Schema | undefined {
  const props = schema?.properties;
  if (!props || typeof props !== 'object' || !Object.hasOwn(props, key)) return undefined;
  return (props as Record<string, Schema>)[key];
}

/** One raw string converted to the type its schema asks for (unchanged when it does not convert). */
export function coerceInputValue(schema: Schema | undefined, raw: string): unknown {
  const types = typesOf(schema);
  for (const t of types) {
    if ((t === 'number' || t === 'integer') && raw.trim() !== '' && Number.isFinite(Number(raw))) return Number(raw);
    if (t === 'boolean' && (raw === 'true' || raw === 'false')) return raw === 'true';
    if (t === 'null' && raw === 'null') return null;
    if (t === 'array' || t === 'object') {
      try {
        const v: unknown = JSON.parse(raw);
        if ((t === 'array') === Array.isArray(v) && v !== null && typeof v === 'object') return v;
      } catch {
        // keep the string; validation names the field
      }
    }
  }
  return raw;
}

type Bag = Record<string, unknown>;
const bag = (): Bag => Object.create(null) as Bag;
const isObject = (v: unknown): v is Bag => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Deep copy of JSON data into null-prototype objects; forbidden keys are reported, never copied. */
function toBag(value: unknown, where: string, issues: FlowIssue[]): unknown {
  if (Array.isArray(value)) return value.map((v, i) => toBag(v, `${where}[${i}]`, issues));
  if (!isObject(value)) return value;
  const out = bag();
  for (const key of Object.keys(value)) {
    if (isForbidden(key)) issues.push(forbiddenIssue(`${where}.${key}`, key));
    else out[key] = toBag(value[key], `${where}.${key}`, issues);
  }
  return out;
}

/** Null-prototype tree → plain JSON objects (every key was checked on the way in). */
function toPlain(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(toPlain);
  if (!isObject(value)) return value;
  const out: Bag = {};
  for (const key of Object.keys(value)) out[key] = toPlain(value[key]);
  return out;
}

/**
 * A workflow input from `key=value` pairs, laid over `base` (e.g. an `--input` file), following
 * `schema`. Refused keys are all listed (FLOW_INVALID_INPUT); nothing partial is returned.
 * @example
 * inputFromArgs({ type: 'object', properties: { replicas: { type: 'integer' } } }, [['replicas', '3'], ['service.name', 'api']])
 * // → ok({ replicas: 3, service: { name: 'api' } })
 */
export function inputFromArgs(schema: Schema | undefined, pairs: Iterable<readonly [string, string]>, base?: unknown): Result<Record<string, unknown>> {
  const issues: FlowIssue[] = [];
  const seeded = base === undefined ? bag() : toBag(base, 'file', issues);
  const root = isObject(seeded) ? seeded : bag();
  for (const [key, raw] of pairs) {
    const path = inputPath(key);
    if (!path.ok) {
      issues.push(...path.issues);
      continue;
    }
    let target = root;
    let s = schema;
    for (const part of path.value.slice(0, -1)) {
      s = propertySchema(s, part);
      if (!isObject(target[part])) target[part] = bag();
      target = target[part] as Bag;
    }
    const last = path.value.at(-1)!;
    target[last] = toBag(coerceInputValue(propertySchema(s, last), raw), `"${key}"`, issues);
  }
  return issues.length > 0 ? fail(...issues) : ok(toPlain(root) as Record<string, unknown>);
}
