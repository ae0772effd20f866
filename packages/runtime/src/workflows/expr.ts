/**
 * The interpreter's view of @flowops/core's expression language: resolve values (secrets left
 * in slots for the activity — the sandbox never sees secret values) and evaluate conditions.
 * Never throws.
 * @module
 */
import {
  type ActionCall,
  type ActionStep,
  type Condition,
  type DeferredValue,
  type Result,
  type Scope,
  evaluateCondition,
  fail,
  resolveDeferred,
  resolveValue,
  secretNames,
} from '@flowops/core';

/** Resolve references/templates in a value; a secret reference is an error here (FLOW_SECRET_MISSING). */
export function resolve(value: unknown, scope: Scope): Result<unknown> {
  return resolveValue(value, scope);
}

/** An action's input, resolved on its parsed templates, with its secret slots and allowed secrets. */
export interface ActionInput extends DeferredValue {
  /** The secrets the definition names: IR `secrets` when the compiler recorded it, else derived from `with`. */
  secrets: string[];
}

/** Resolve an action's (or a compensation's) `with`: `{{ secret.X }}` stays in slots for the activity. */
export function resolveAction(call: Pick<ActionStep | ActionCall, 'with' | 'secrets'>, value: unknown, scope: Scope): Result<ActionInput> {
  const r = resolveDeferred(value, scope);
  if (!r.ok) return r;
  return { ok: true, value: { ...r.value, secrets: call.secrets ?? secretNames(call.with) } };
}

export function evaluate(cond: Condition, scope: Scope): Result<boolean> {
  try {
    return evaluateCondition(cond, scope);
  } catch (err) {
    return fail({ code: 'FLOW_CONDITION_EVAL_ERROR', message: err instanceof Error ? err.message : String(err) });
  }
}
