/**
 * Turning authored values (literals with handles anywhere inside) into IR values.
 * @module
 */
import { FlowError, type Value } from '@flowops/core';
import { isRef, refValue } from './ref';

/**
 * Convert an authored value to an IR `Value`: handles become `"{{ ref }}"` strings, `undefined`
 * object fields are dropped. Throws `FlowError` (FLOW_SCHEMA_INVALID) for values JSON cannot hold.
 * @example
 * ```ts
 * toValue({ id: input.userId, n: 1 }); // { id: "{{ input.userId }}", n: 1 }
 * ```
 */
export function toValue(value: unknown, path = 'value'): Value {
  if (isRef(value)) return refValue(value);
  if (value === null || typeof value === 'string' || typeof value === 'boolean') return value;
  if (typeof value === 'number') {
    if (Number.isFinite(value)) return value;
    throw unsupported(path, String(value));
  }
  if (Array.isArray(value)) return value.map((v, i) => (v === undefined ? null : toValue(v, `${path}[${i}]`)));
  if (typeof value === 'object') {
    const proto = Object.getPrototypeOf(value) as unknown;
    if (proto !== Object.prototype && proto !== null) throw unsupported(path, (value as object).constructor?.name ?? 'object');
    const out: Record<string, Value> = {};
    for (const [k, v] of Object.entries(value)) if (v !== undefined) out[k] = toValue(v, `${path}.${k}`);
    return out;
  }
  throw unsupported(path, typeof value);
}

/**
 * Like `toValue` for a record (action `with`, call input, workflow output); throws
 * FLOW_SCHEMA_INVALID for anything but an object.
 * @example
 * ```ts
 * toRecord({ url: tpl`${env('API')}/x` }, 'fetch.with'); // { url: '{{ env.API }}/x' }
 * ```
 */
export function toRecord(value: unknown, path: string): Record<string, Value> {
  const v = value === undefined ? {} : toValue(value, path);
  if (typeof v !== 'object' || v === null || Array.isArray(v)) {
    throw new FlowError({
      code: 'FLOW_SCHEMA_INVALID',
      message: `${path} must be an object of named values`,
      hint: 'pass an object literal, e.g. { url: "…" }',
      path,
    });
  }
  return v;
}

function unsupported(path: string, what: string): FlowError {
  return new FlowError({
    code: 'FLOW_SCHEMA_INVALID',
    message: `${path} holds ${what}, which a workflow definition cannot store`,
    hint: 'use JSON values (strings, numbers, booleans, null, arrays, plain objects) or handles',
    path,
  });
}
