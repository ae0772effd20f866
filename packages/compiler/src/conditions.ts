/** Conditions: textual ones parsed with core's `parseCondition`, semantic checks by `validateCondition`. @module */
import { type Condition, type FlowIssue, type Result, parseCondition, validateCondition } from '@flowops/core';

export function parseConditionText(text: string): Result<Condition> {
  return parseCondition(text);
}

/** Condition issues (reference issues are reported by the reference check). */
export function validateConditionIssues(c: Condition): FlowIssue[] {
  const r = validateCondition(c);
  return r.ok ? [] : r.issues.filter((i) => i.code === 'FLOW_INVALID_CONDITION');
}
