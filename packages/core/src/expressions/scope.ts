/**
 * The data a reference reads from, and how one reference is looked up in it.
 * Lookups read own properties only (never `constructor`, `__proto__`, …) and never throw.
 * @module
 */
import { type Result, fail, ok } from '../codes';
import type { PathSegment, Reference } from './reference';

/** What a step has produced so far, as the interpreter records it. */
export interface StepState {
  output?: unknown;
  /** e.g. `succeeded`, `failed`, `skipped` — the interpreter's vocabulary. */
  status?: string;
  /** Cache metadata of an action step with `cache` (`steps.<id>.cache.hit`, `.cachedAt`: ISO time of the reused result). */
  cache?: { hit: boolean; cachedAt: string | null };
}

/**
 * Everything references can read. Record every step that has finished *or was skipped* in
 * `steps` (a skipped step has a status and no output): a reference to a step missing from
 * `steps` is an error (FLOW_INVALID_REFERENCE). `secrets` exists only inside activities.
 */
export interface Scope {
  input: unknown;
  steps: Record<string, StepState>;
  env: Record<string, string | undefined>;
  item?: unknown;
  index?: number;
  /** Items of the enclosing forEach loops that have an `as` name, by that name (`{{ region.cluster }}`). */
  loops?: Record<string, unknown>;
  /** The run: its workflow id and idempotency key (`run.id`, `run.key`). */
  run?: { id: string; key: string };
  /** The step being resolved: its idempotency key (`step.key`); set for action inputs. */
  step?: { key: string };
  secrets?: (name: string) => string | undefined;
}

/** An empty scope (no input, no steps, no env), optionally with a secrets resolver. */
export function emptyScope(secrets?: (name: string) => string | undefined): Scope {
  return secrets ? { input: undefined, steps: {}, env: {}, secrets } : { input: undefined, steps: {}, env: {} };
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null;
}

/** Own, enumerable-or-not data property `key` of `obj`, or undefined. */
export function ownGet(obj: unknown, key: string): unknown {
  if (!isObject(obj)) return undefined;
  if (!Object.hasOwn(obj, key)) return undefined;
  const desc = Object.getOwnPropertyDescriptor(obj, key);
  return desc && 'value' in desc ? desc.value : undefined;
}

/**
 * Follow a path into a value. Arrays take numeric indexes and `length`; objects take own keys
 * (a number reads the key `"<n>"`). Anything else yields undefined.
 */
export function getPath(value: unknown, path: readonly PathSegment[]): unknown {
  let cur = value;
  for (const seg of path) {
    if (Array.isArray(cur)) {
      if (typeof seg === 'number') cur = seg < cur.length ? ownGet(cur, String(seg)) : undefined;
      else cur = seg === 'length' ? cur.length : undefined;
    } else if (isObject(cur)) {
      cur = ownGet(cur, String(seg));
    } else {
      return undefined;
    }
    if (cur === undefined) return undefined;
  }
  return cur;
}

/**
 * Look one reference up. Missing data yields `ok(undefined)`; a step absent from `scope.steps`
 * is FLOW_INVALID_REFERENCE; a secret without a resolver or value is FLOW_SECRET_MISSING
 * (the message names the secret, never a value).
 */
export function lookupReference(ref: Reference, scope: Scope): Result<unknown> {
  switch (ref.root) {
    case 'input':
      return ok(getPath(ownGet(scope, 'input'), ref.path));
    case 'item': {
      if (ref.loop === undefined) return ok(getPath(ownGet(scope, 'item'), ref.path));
      const loops = ownGet(scope, 'loops');
      if (!isObject(loops) || !Object.hasOwn(loops, ref.loop)) {
        return fail({
          code: 'FLOW_INVALID_REFERENCE',
          message: `Reference ${ref.text} names "${ref.loop}", which is neither a reference root nor the \`as\` name of an enclosing forEach`,
          hint: `give an enclosing forEach \`as: '${ref.loop}'\`, or start the reference with input, steps, env, secret, item or index`,
        });
      }
      return ok(getPath(ownGet(loops, ref.loop), ref.path));
    }
    case 'index':
      return ok(ownGet(scope, 'index'));
    case 'run':
    case 'step':
      return ok(getPath(ownGet(scope, ref.root), ref.path));
    case 'env': {
      const v = getPath(ownGet(scope, 'env'), ref.path);
      return ok(typeof v === 'string' ? v : undefined);
    }
    case 'secret':
      return lookupSecret(String(ref.path[0]), scope);
    case 'steps': {
      const stepId = ref.stepId ?? '';
      const state = ownGet(ownGet(scope, 'steps'), stepId);
      if (!isObject(state)) {
        return fail({
          code: 'FLOW_INVALID_REFERENCE',
          message: `Reference ${ref.text} reads step "${stepId}", which has not run before this point`,
          hint: `reference only steps that complete earlier (declared before it, or listed in dependsOn), and check the id "${stepId}"`,
        });
      }
      if (ref.field === 'status') return ok(ownGet(state, 'status'));
      if (ref.field === 'cache') return ok(getPath(ownGet(state, 'cache'), ref.path));
      return ok(getPath(ownGet(state, 'output'), ref.path));
    }
  }
}

function lookupSecret(name: string, scope: Scope): Result<string> {
  const missing = fail<string>({
    code: 'FLOW_SECRET_MISSING',
    message: `Secret "${name}" is not available here`,
    hint: `define the secret "${name}" for this environment on the worker; secrets are resolved only inside activities`,
  });
  const resolver = ownGet(scope, 'secrets');
  if (typeof resolver !== 'function') return missing;
  let value: unknown;
  try {
    value = resolver(name);
  } catch {
    return missing;
  }
  return typeof value === 'string' ? ok(value) : missing;
}
