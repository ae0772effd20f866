/**
 * A workflow's zod input schema as the JSON Schema the IR carries, with the author's custom
 * messages kept: `z.string().regex(/^ord_/, 'order ids look like ord_abc123')` would otherwise
 * become Ajv's generic "must match pattern …" when a run is refused. Each message lands in the
 * `errorMessage` keyword of the node it belongs to (the ajv-errors convention: a string for the
 * whole node, or an object keyed by the JSON Schema keyword a check became). A schema without
 * custom messages converts exactly as before, so its definition hash is unchanged.
 * @module
 */
import { z } from 'zod';

/** zod check kinds → the JSON Schema keywords `toJSONSchema` writes for them. */
const KEYWORDS_OF_CHECK: Record<string, readonly string[]> = {
  string_format: ['pattern', 'format'],
  min_length: ['minLength', 'minItems', 'minProperties'],
  max_length: ['maxLength', 'maxItems', 'maxProperties'],
  length_equals: ['minLength', 'maxLength', 'minItems', 'maxItems'],
  greater_than: ['minimum', 'exclusiveMinimum'],
  less_than: ['maximum', 'exclusiveMaximum'],
  multiple_of: ['multipleOf'],
  number_format: ['type', 'minimum', 'maximum'],
};

interface ZodInternals {
  _zod?: { def?: { error?: unknown; checks?: Array<{ _zod?: { def?: { check?: string; error?: unknown } } }> } };
}

const text = (out: unknown): string | undefined => {
  if (typeof out === 'string') return out;
  if (out && typeof out === 'object' && typeof (out as { message?: unknown }).message === 'string') return (out as { message: string }).message;
  return undefined;
};

/**
 * The author's message when it is static (`error` given as a string, which zod stores as a
 * function returning it). A message computed from the issue (it differs between two probes, or
 * throws) cannot be kept in a static schema and is left out.
 */
function staticMessage(error: unknown): string | undefined {
  if (typeof error !== 'function') return undefined;
  const fn = error as (issue: unknown) => unknown;
  try {
    const a = text(fn({ code: 'custom', input: 'flowops-probe-a', path: [], message: '' }));
    const b = text(fn({ code: 'invalid_type', input: 2, path: ['b'], message: 'b' }));
    return a !== undefined && a === b ? a : undefined;
  } catch {
    return undefined;
  }
}

/** The `errorMessage` for one zod node, or undefined when the author wrote none. */
function errorMessageOf(schema: unknown): string | Record<string, string> | undefined {
  const def = (schema as ZodInternals)._zod?.def;
  if (!def) return undefined;
  const whole = staticMessage(def.error);
  const byKeyword: Record<string, string> = {};
  for (const check of def.checks ?? []) {
    const message = staticMessage(check._zod?.def?.error);
    const kind = check._zod?.def?.check;
    if (message === undefined || kind === undefined) continue;
    for (const keyword of KEYWORDS_OF_CHECK[kind] ?? []) byKeyword[keyword] = message;
  }
  if (Object.keys(byKeyword).length === 0) return whole;
  return whole === undefined ? byKeyword : { ...byKeyword, _: whole };
}

/** JSON Schema (input side) of a workflow's zod input schema, custom messages included. */
export function inputJsonSchema(schema: z.ZodType): Record<string, unknown> {
  return z.toJSONSchema(schema, {
    io: 'input',
    unrepresentable: 'any',
    override: (ctx) => {
      const message = errorMessageOf(ctx.zodSchema);
      if (message !== undefined) (ctx.jsonSchema as Record<string, unknown>).errorMessage = message;
    },
  }) as Record<string, unknown>;
}
