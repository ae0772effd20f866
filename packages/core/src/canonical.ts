/**
 * Canonical JSON (RFC 8785 / JCS style): object keys sorted by UTF-16 code units, no
 * whitespace, numbers and strings serialised as ECMAScript `JSON.stringify` does, `-0` as `0`.
 * `undefined` object members are dropped (as in JSON); `undefined` array items become `null`.
 * Rejected with a FlowError (FLOW_INVALID_INPUT): non-finite numbers, bigints, functions,
 * symbols, cycles, and objects that are not plain objects or arrays (Date, Map, class instances).
 * @module
 */
import { FlowError } from './codes';

export function canonicalJson(value: unknown): string {
  return write(value, '$', new Set());
}

function reject(path: string, what: string): never {
  throw new FlowError({
    code: 'FLOW_INVALID_INPUT',
    message: `Cannot write canonical JSON: ${what} at ${path}`,
    hint: 'use only JSON values (strings, finite numbers, booleans, null, arrays, plain objects)',
  });
}

function write(value: unknown, path: string, seen: Set<object>): string {
  switch (typeof value) {
    case 'string':
      return JSON.stringify(value);
    case 'boolean':
      return value ? 'true' : 'false';
    case 'number':
      if (!Number.isFinite(value)) return reject(path, `non-finite number ${value}`);
      return Object.is(value, -0) ? '0' : JSON.stringify(value);
    case 'object': {
      if (value === null) return 'null';
      if (seen.has(value)) return reject(path, 'a cycle');
      seen.add(value);
      try {
        if (Array.isArray(value)) {
          return `[${value.map((v, i) => (v === undefined ? 'null' : write(v, `${path}[${i}]`, seen))).join(',')}]`;
        }
        const proto = Object.getPrototypeOf(value);
        if (proto !== Object.prototype && proto !== null) return reject(path, `a ${proto?.constructor?.name ?? 'non-plain'} object`);
        const obj = value as Record<string, unknown>;
        const members: string[] = [];
        for (const key of Object.keys(obj).sort()) {
          const v = obj[key];
          if (v === undefined) continue;
          members.push(`${JSON.stringify(key)}:${write(v, `${path}.${key}`, seen)}`);
        }
        return `{${members.join(',')}}`;
      } finally {
        seen.delete(value);
      }
    }
    default:
      return reject(path, `a ${typeof value}`);
  }
}
