/**
 * Condition helpers: build the IR `Condition` from handles and literals.
 * A handle operand becomes its `"{{ reference }}"` string.
 * @module
 */
import { type ComparisonOp, type Condition, FlowError } from '@flowops/core';
import { type AnyRef, isRef, type Ref, refText } from './ref';
import { toValue } from './serialize';

/**
 * An operand: a handle or a literal of type `T`.
 * @example
 * ```ts
 * const o: Operand<number> = check.output.status; // or 200
 * ```
 */
export type Operand<T> = Ref<T> | T;

const compare =
  (op: ComparisonOp) =>
  (left: unknown, right: unknown): Condition => ({ op, left: toValue(left, `${op}.left`), right: toValue(right, `${op}.right`) });

/**
 * Equal.
 * @example
 * ```ts
 * eq(health.output.status, 200); // { op: 'eq', left: '{{ steps.health.output.status }}', right: 200 }
 * ```
 */
export const eq: <T>(left: Operand<T>, right: Operand<NoInfer<T>>) => Condition = compare('eq');
/**
 * Not equal.
 * @example
 * ```ts
 * ne(input.environment, 'production');
 * ```
 */
export const ne: <T>(left: Operand<T>, right: Operand<NoInfer<T>>) => Condition = compare('ne');
/**
 * Greater than (numbers, or ISO strings).
 * @example
 * ```ts
 * gt(check.output.body.errorRate, 0.05);
 * ```
 */
export const gt: <T extends number | string>(left: Operand<T>, right: Operand<NoInfer<T>>) => Condition = compare('gt');
/**
 * Greater than or equal.
 * @example
 * ```ts
 * gte(input.replicas, 3);
 * ```
 */
export const gte: <T extends number | string>(left: Operand<T>, right: Operand<NoInfer<T>>) => Condition = compare('gte');
/**
 * Less than.
 * @example
 * ```ts
 * lt(check.output.status, 400);
 * ```
 */
export const lt: <T extends number | string>(left: Operand<T>, right: Operand<NoInfer<T>>) => Condition = compare('lt');
/**
 * Less than or equal.
 * @example
 * ```ts
 * lte(input.batchSize, 1000);
 * ```
 */
export const lte: <T extends number | string>(left: Operand<T>, right: Operand<NoInfer<T>>) => Condition = compare('lte');

/**
 * The value is one of a list (IR op `in`).
 * @example
 * ```ts
 * isIn(input.severity, ['sev1', 'sev2']);
 * ```
 */
export function isIn<T>(value: Operand<T>, list: Operand<readonly NoInfer<T>[]> | readonly Operand<NoInfer<T>>[]): Condition {
  return { op: 'in', left: toValue(value, 'in.left'), right: toValue(list, 'in.right') };
}

/**
 * A list contains a value, or a string contains a substring.
 * @example
 * ```ts
 * contains(pr.output.labels, 'deploy'); contains(input.message, 'timeout');
 * ```
 */
export function contains<T>(haystack: Operand<readonly T[]> | Operand<string>, needle: Operand<T> | Operand<string>): Condition {
  return { op: 'contains', left: toValue(haystack, 'contains.left'), right: toValue(needle, 'contains.right') };
}

/**
 * The referenced value is present (not undefined or null). The IR holds the bare reference text.
 * @example
 * ```ts
 * exists(input.ticketId); // { op: 'exists', ref: 'input.ticketId' }
 * ```
 */
export function exists(handle: AnyRef): Condition {
  if (!isRef(handle)) {
    throw new FlowError({
      code: 'FLOW_INVALID_CONDITION',
      message: 'exists() was given a literal, not a handle',
      hint: 'pass a handle such as input.tag or steps output: exists(fetch.output.body.id)',
    });
  }
  return { op: 'exists', ref: refText(handle) };
}

function nonEmpty(op: string, conditions: Condition[]): Condition[] {
  if (conditions.length === 0) {
    throw new FlowError({
      code: 'FLOW_INVALID_CONDITION',
      message: `${op}() needs at least one condition`,
      hint: `pass one or more conditions, e.g. ${op}(eq(a, 1), eq(b, 2))`,
    });
  }
  return conditions;
}

/**
 * All conditions hold.
 * @example
 * ```ts
 * and(eq(check.output.status, 200), lt(check.output.body.errorRate, 0.01));
 * ```
 */
export function and(...conditions: Condition[]): Condition {
  return { op: 'and', conditions: nonEmpty('and', conditions) };
}

/**
 * At least one condition holds.
 * @example
 * ```ts
 * or(eq(input.severity, 'sev1'), eq(input.severity, 'sev2'));
 * ```
 */
export function or(...conditions: Condition[]): Condition {
  return { op: 'or', conditions: nonEmpty('or', conditions) };
}

/**
 * The condition does not hold.
 * @example
 * ```ts
 * not(exists(input.skipNotify));
 * ```
 */
export function not(condition: Condition): Condition {
  return { op: 'not', condition };
}
