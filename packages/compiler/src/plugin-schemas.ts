/**
 * A plugin action's input and output as JSON Schema (zod → JSON Schema, cached per action), and
 * the questions the checks ask of them, the same for YAML and TypeScript workflows: which keys of
 * a `with` object the input does not declare, what a reference path into the output leads to,
 * and which JSON type a condition operand has.
 * @module
 */
import type { ActionContract } from '@flowops/sdk';
import { z } from 'zod';

/** A JSON Schema node (as zod emits it). */
export type JsonSchema = Record<string, unknown>;

const cache = new WeakMap<object, { input?: JsonSchema | null; output?: JsonSchema | null }>();

function convert(schema: unknown, io: 'input' | 'output'): JsonSchema | null {
  try {
    return z.toJSONSchema(schema as z.ZodType, { io, unrepresentable: 'any' }) as JsonSchema;
  } catch {
    return null; // a schema zod cannot describe: nothing is checked against it
  }
}

/** The action's input (`io: 'input'`) or output (`io: 'output'`) as JSON Schema; null when unknown. */
export function actionSchema(action: ActionContract, io: 'input' | 'output'): JsonSchema | null {
  let entry = cache.get(action);
  if (!entry) cache.set(action, (entry = {}));
  if (entry[io] === undefined) entry[io] = convert(action[io], io);
  return entry[io] ?? null;
}

const isObj = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Declared property names when the schema is an object that takes no other keys; else undefined. */
export function closedProperties(schema: JsonSchema | undefined): string[] | undefined {
  if (!schema || !isObj(schema.properties)) return undefined;
  const extra = schema.additionalProperties;
  if (extra !== undefined && extra !== false) return undefined;
  return Object.keys(schema.properties);
}

/** Keys of a literal `with` (nested literal objects included) that the input schema does not declare. */
export function unknownKeys(
  schema: JsonSchema | null,
  value: unknown,
  path: (string | number)[] = [],
): { path: (string | number)[]; key: string; known: string[] }[] {
  if (!schema || !isObj(value)) return [];
  const known = closedProperties(schema);
  const out: { path: (string | number)[]; key: string; known: string[] }[] = [];
  const props = isObj(schema.properties) ? schema.properties : {};
  for (const [key, child] of Object.entries(value)) {
    if (known && !known.includes(key)) out.push({ path: [...path, key], key, known });
    else if (isObj(props[key])) out.push(...unknownKeys(props[key] as JsonSchema, child, [...path, key]));
  }
  return out;
}

export type PathResult = { ok: true; schema: JsonSchema | undefined } | { ok: false; at: number; key: string; known: string[] };

/**
 * Follow a reference path (`body.items[0].name`) into a schema. Stops (ok, schema unknown) at
 * anything it cannot see through (anyOf, `{}`, records); fails where an object that takes no
 * other keys lacks the key.
 */
export function followPath(schema: JsonSchema | null, path: readonly (string | number)[]): PathResult {
  let node: JsonSchema | undefined = schema ?? undefined;
  for (let i = 0; i < path.length; i++) {
    if (!node) return { ok: true, schema: undefined };
    const seg = path[i]!;
    if (typeof seg === 'number' || /^\d+$/.test(String(seg))) {
      node = isObj(node.items) ? (node.items as JsonSchema) : undefined;
      continue;
    }
    const props = isObj(node.properties) ? node.properties : undefined;
    if (props && isObj(props[seg])) {
      node = props[seg] as JsonSchema;
      continue;
    }
    const known = closedProperties(node);
    if (known) return { ok: false, at: i, key: String(seg), known };
    node = isObj(node.additionalProperties) ? (node.additionalProperties as JsonSchema) : undefined;
  }
  return { ok: true, schema: node };
}

/** The JSON type a schema describes ('number' for integer), when it is exactly one; else undefined. */
export function jsonType(schema: JsonSchema | undefined): 'string' | 'number' | 'boolean' | 'object' | 'array' | 'null' | undefined {
  if (!schema) return undefined;
  const t = schema.type;
  if (typeof t === 'string') return t === 'integer' ? 'number' : (t as 'string' | 'number' | 'boolean' | 'object' | 'array' | 'null');
  const values = Array.isArray(schema.enum) ? (schema.enum as unknown[]) : [];
  if (values.length > 0 && values.every((v) => typeof v === typeof values[0])) {
    const e = typeof values[0];
    return e === 'string' || e === 'number' || e === 'boolean' ? e : undefined;
  }
  if ('const' in schema) {
    const c = typeof schema.const;
    return c === 'string' || c === 'number' || c === 'boolean' ? c : undefined;
  }
  return undefined;
}
