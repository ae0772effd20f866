/**
 * The interpreter's view of @flowops/core's expression language: resolve values (secrets kept
 * as references — the sandbox never sees secret values) and evaluate conditions. Never throws.
 * @module
 */
import { type Condition, type Result, type Scope, evaluateCondition, fail, resolveValue } from '@flowops/core';

/** Resolve references/templates in a value; `{{ secret.X }}` stays deferred for the activity. */
export function resolve(value: unknown, scope: Scope, keepSecrets = false): Result<unknown> {
  return resolveValue(value, scope, { keepSecrets });
}

export function evaluate(cond: Condition, scope: Scope): Result<boolean> {
  try {
    return evaluateCondition(cond, scope);
  } catch (err) {
    return fail({ code: 'FLOW_CONDITION_EVAL_ERROR', message: err instanceof Error ? err.message : String(err) });
  }
}
