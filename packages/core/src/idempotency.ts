/**
 * Idempotency keys: one fixed-length key per (run, step), the same on every attempt, after a
 * worker crash and after continue-as-new (all keep the workflow id; the step key already names
 * the forEach iteration, e.g. `each[2].notify`). Pure, so the workflow sandbox (templates:
 * `{{ run.key }}`, `{{ step.key }}`) and the activity (`ActionContext.idempotencyKey`, the http
 * plugin's `Idempotency-Key` header) compute the same value.
 * @module
 */
import { sha256Hex } from './hash';

/** Length of every key (hex characters of a SHA-256 prefix: 128 bits). */
export const IDEMPOTENCY_KEY_LENGTH = 32;

/**
 * The key of a run: a hash of its workflow id.
 * @example
 * runIdempotencyKey('flowops-deploy-1a2b3c4d-9f8e7d6c'); // 32 hex characters
 */
export function runIdempotencyKey(workflowId: string): string {
  return sha256Hex(`flowops/run\n${workflowId}`).slice(0, IDEMPOTENCY_KEY_LENGTH);
}

/**
 * The key of one step of a run: a hash of `<workflowId>/<stepKey>`, where the step key is the
 * step's path in the run (`create-canary`, `each[2].notify`, `deploy:compensate`).
 * @example
 * stepIdempotencyKey('flowops-deploy-1a2b3c4d-9f8e7d6c', 'each[2].notify'); // 32 hex characters
 */
export function stepIdempotencyKey(workflowId: string, stepKey: string): string {
  return sha256Hex(`flowops/step\n${workflowId}/${stepKey}`).slice(0, IDEMPOTENCY_KEY_LENGTH);
}
