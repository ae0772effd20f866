/**
 * Turn `key=value` strings from a comment into a workflow input, guided by the input's JSON
 * Schema: dotted keys nest, numbers/integers/booleans are converted, arrays and objects are
 * read as JSON. Values that do not convert stay strings, so the schema validation that follows
 * reports them. Pure.
 * @module
 */
type Schema = Record<string, unknown>;

function propertySchema(schema: Schema | undefined, key: string): Schema | undefined {
  const props = schema?.properties as Record<string, Schema> | undefined;
  return props?.[key];
}

function typesOf(schema: Schema | undefined): string[] {
  const t = schema?.type;
  if (Array.isArray(t)) return t.map(String);
  if (typeof t === 'string') return [t];
  return [];
}

export function coerceValue(schema: Schema | undefined, raw: string): unknown {
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

export function coerceArgs(schema: Schema, args: Record<string, string>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, raw] of Object.entries(args)) {
    const parts = key.split('.');
    let target = out;
    let s: Schema | undefined = schema;
    for (const part of parts.slice(0, -1)) {
      s = propertySchema(s, part);
      const next = target[part];
      if (!next || typeof next !== 'object' || Array.isArray(next)) target[part] = {};
      target = target[part] as Record<string, unknown>;
    }
    const last = parts.at(-1)!;
    target[last] = coerceValue(propertySchema(s, last), raw);
  }
  return out;
}
