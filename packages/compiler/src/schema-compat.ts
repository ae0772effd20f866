/**
 * Input schema compatibility between two versions of a workflow (JSON Schema, as generated from
 * zod): what makes an input that the old version accepted fail on the new one.
 * Breaking: a required field added, a field removed, a type narrowed or changed, enum values
 * removed (or an enum introduced). Recurses into object properties and array items.
 * @module
 */

type Schema = Record<string, unknown>;

const isObj = (v: unknown): v is Schema => typeof v === 'object' && v !== null && !Array.isArray(v);

function typesOf(s: Schema): Set<string> | undefined {
  if (Array.isArray(s.anyOf) || Array.isArray(s.oneOf)) {
    const out = new Set<string>();
    for (const branch of (s.anyOf ?? s.oneOf) as unknown[]) {
      const t = isObj(branch) ? typesOf(branch) : undefined;
      if (!t) return undefined;
      for (const x of t) out.add(x);
    }
    return out;
  }
  if (typeof s.type === 'string') return new Set(s.type === 'integer' ? ['integer'] : [s.type]);
  if (Array.isArray(s.type)) return new Set(s.type.map(String));
  return undefined;
}

function accepts(newTypes: Set<string>, oldType: string): boolean {
  return newTypes.has(oldType) || (oldType === 'integer' && newTypes.has('number'));
}

function enumOf(s: Schema): unknown[] | undefined {
  if (Array.isArray(s.enum)) return s.enum;
  if ('const' in s) return [s.const];
  return undefined;
}

const label = (path: string) => path || 'input';

export function breakingChanges(before: unknown, after: unknown, path = ''): string[] {
  if (!isObj(before) || !isObj(after)) return [];
  const out: string[] = [];
  const oldTypes = typesOf(before);
  const newTypes = typesOf(after);
  if (oldTypes && newTypes) {
    const lost = [...oldTypes].filter((t) => !accepts(newTypes, t));
    if (lost.length > 0) out.push(`type of ${label(path)} changed from ${[...oldTypes].join('|')} to ${[...newTypes].join('|')}`);
  } else if (!oldTypes && newTypes) {
    out.push(`${label(path)} is now restricted to ${[...newTypes].join('|')}`);
  }
  const oldEnum = enumOf(before);
  const newEnum = enumOf(after);
  if (newEnum && !oldEnum) out.push(`${label(path)} is now restricted to ${newEnum.map((v) => JSON.stringify(v)).join(', ')}`);
  if (oldEnum && newEnum) {
    const removed = oldEnum.filter((v) => !newEnum.some((n) => JSON.stringify(n) === JSON.stringify(v)));
    if (removed.length > 0) out.push(`${label(path)} no longer accepts ${removed.map((v) => JSON.stringify(v)).join(', ')}`);
  }
  const oldProps = isObj(before.properties) ? before.properties : undefined;
  const newProps = isObj(after.properties) ? after.properties : undefined;
  if (oldProps || newProps) {
    const oldReq = new Set(Array.isArray(before.required) ? before.required.map(String) : []);
    const newReq = Array.isArray(after.required) ? after.required.map(String) : [];
    for (const key of newReq) {
      if (!oldReq.has(key)) out.push(`${oldProps && key in oldProps ? 'field' : 'new field'} ${join(path, key)} is now required`);
    }
    for (const key of Object.keys(oldProps ?? {})) {
      if (!newProps || !(key in newProps)) {
        if (after.additionalProperties !== true) out.push(`field ${join(path, key)} was removed`);
        continue;
      }
      out.push(...breakingChanges(oldProps![key], newProps[key], join(path, key)));
    }
  }
  if (isObj(before.items) && isObj(after.items)) out.push(...breakingChanges(before.items, after.items, `${label(path)}[]`));
  return out;
}

function join(path: string, key: string): string {
  return path ? `${path}.${key}` : key;
}
