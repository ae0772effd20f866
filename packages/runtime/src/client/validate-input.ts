/**
 * Validate a run's input against the workflow's input JSON Schema (Ajv) before anything starts.
 * Every offending field is listed with its path.
 * @module
 */
import { type FlowIssue, type Result, type Workflow, fail, ok } from '@flowops/core';
import { Ajv, type ErrorObject, type ValidateFunction } from 'ajv';
import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';
import { type InputLimits, checkInputLimits } from './input-limits';

const addFormats = addFormatsModule as unknown as (ajv: Ajv) => Ajv;
const compiled = new WeakMap<object, ValidateFunction>();

/**
 * A copy of the schema in which an object with `properties` and no `additionalProperties` allows
 * no other keys: a zod object strips unknown keys, so a run would silently drop a mistyped field
 * (`servce=…`) — refused instead. `.passthrough()`/`.catchall()` objects say otherwise explicitly.
 * The definition (and its hash) is unchanged.
 */
export function closedObjects(schema: unknown): unknown {
  if (Array.isArray(schema)) return schema.map(closedObjects);
  if (typeof schema !== 'object' || schema === null) return schema;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(schema)) out[k] = k === 'enum' || k === 'const' || k === 'default' || k === 'examples' ? v : closedObjects(v);
  if (typeof out.properties === 'object' && out.properties !== null && !('additionalProperties' in out) && !('unevaluatedProperties' in out))
    out.additionalProperties = false;
  return out;
}

function compile(original: Record<string, unknown>): ValidateFunction {
  let fn = compiled.get(original);
  if (fn) return fn;
  const schema = closedObjects(original) as Record<string, unknown>;
  const draft2020 = typeof schema.$schema === 'string' && schema.$schema.includes('2020-12');
  const ajv = draft2020
    ? new Ajv2020({ allErrors: true, strict: false, useDefaults: true, verbose: true })
    : new Ajv({ allErrors: true, strict: false, useDefaults: true, verbose: true });
  addFormats(ajv as Ajv);
  fn = ajv.compile(schema);
  compiled.set(original, fn);
  return fn;
}

function describe(e: ErrorObject): { path: string; message: string } {
  const base = e.instancePath ? e.instancePath.slice(1).replace(/\//g, '.') : '';
  if (e.keyword === 'required') {
    const prop = (e.params as { missingProperty: string }).missingProperty;
    return { path: base ? `${base}.${prop}` : prop, message: 'is required' };
  }
  if (e.keyword === 'additionalProperties') {
    const prop = (e.params as { additionalProperty: string }).additionalProperty;
    return { path: base ? `${base}.${prop}` : prop, message: 'is not a known input field' };
  }
  return { path: base || '(input)', message: authorMessage(e) ?? e.message ?? 'is invalid' };
}

/**
 * The schema author's message for this error, from the `errorMessage` keyword (written by the
 * SDK from a zod custom message, or by hand in a YAML workflow's schema): a string for any error
 * of that node, or an object keyed by JSON Schema keyword (`_` for the rest).
 */
function authorMessage(e: ErrorObject): string | undefined {
  const m = (e.parentSchema as { errorMessage?: unknown } | undefined)?.errorMessage;
  if (typeof m === 'string') return m;
  if (typeof m !== 'object' || m === null) return undefined;
  const byKeyword = m as Record<string, unknown>;
  const chosen = byKeyword[e.keyword] ?? byKeyword._;
  return typeof chosen === 'string' ? chosen : undefined;
}

/**
 * `ok(input with schema defaults applied)` (the caller's object is not modified) or
 * FLOW_INVALID_INPUT issues, one per offending field (path + what is wrong). The input limits
 * (`checkInputLimits`: depth first, iteratively, then size) are checked before anything else,
 * so a 3 000-level input is refused instead of overflowing the stack in `structuredClone`.
 */
export function validateInput(ir: Pick<Workflow, 'name' | 'input'>, input: unknown, options: { limits?: InputLimits | undefined } = {}): Result<unknown> {
  const limited = checkInputLimits(ir.name, input, options.limits);
  if (!limited.ok) return limited;
  const validate = compile(ir.input);
  const copy = input === undefined ? undefined : structuredClone(input);
  if (validate(copy)) return ok(copy);
  const seen = new Set<string>();
  const issues: FlowIssue[] = [];
  for (const e of validate.errors ?? []) {
    const d = describe(e);
    const key = `${d.path} ${d.message}`;
    if (seen.has(key)) continue;
    seen.add(key);
    issues.push({
      code: 'FLOW_INVALID_INPUT',
      message: `Input of ${ir.name}: ${d.path} ${d.message}`,
      hint: `pass a valid "${d.path}" (see the workflow's input schema)`,
      path: d.path,
    });
  }
  return fail(...issues);
}
