/**
 * Records, on every action step (and its compensation), the names of the secrets its own `with`
 * references: the IR's `secrets`. The runtime resolves a secret in a step only when it is in
 * that set, so a secret reference assembled at run time from data is refused.
 * @module
 */
import { type Workflow, secretNames, walkSteps } from '@flowops/core';

/** Set `secrets` on each action step and compensation that references any (in place; returns `ir`). */
export function recordStepSecrets(ir: Workflow): Workflow {
  for (const { step } of walkSteps(ir.steps)) {
    if (step.type !== 'action') continue;
    const names = secretNames(step.with);
    if (names.length > 0) step.secrets = names;
    else delete step.secrets;
    if (step.compensate) {
      const undo = secretNames(step.compensate.with);
      if (undo.length > 0) step.compensate.secrets = undo;
      else delete step.compensate.secrets;
    }
  }
  return ir;
}
