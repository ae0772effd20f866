/**
 * Content identity: `sha256:<hex>` of canonical JSON. Pure JS (@noble/hashes), so it runs in
 * the workflow sandbox as well as in CI.
 * @module
 */
import { sha256 } from '@noble/hashes/sha2.js';
import { bytesToHex, utf8ToBytes } from '@noble/hashes/utils.js';
import { canonicalJson } from './canonical';
import { FlowError } from './codes';
import { Workflow, type WorkflowInput, walkSteps } from './ir';

/** Lowercase hex SHA-256 of the UTF-8 bytes of `text`. */
export function sha256Hex(text: string): string {
  return bytesToHex(sha256(utf8ToBytes(text)));
}

/** `sha256:<hex>` of the canonical JSON of any JSON value. */
export function hashJson(value: unknown): string {
  return `sha256:${sha256Hex(canonicalJson(value))}`;
}

/**
 * The identity of a workflow definition: `sha256:<hex>` of the canonical JSON of the IR after
 * schema defaults are applied, so equivalent definitions (`with: {}` written or omitted, keys in
 * any order) hash equal. Throws FlowError FLOW_SCHEMA_INVALID for an invalid IR (validate first).
 */
export function hashWorkflow(ir: WorkflowInput | Workflow): string {
  const parsed = Workflow.safeParse(ir);
  if (!parsed.success) {
    const first = parsed.error.issues[0];
    throw new FlowError({
      code: 'FLOW_SCHEMA_INVALID',
      message: `Cannot hash an invalid workflow: ${first ? `${first.path.join('.') || '(root)'}: ${first.message}` : 'invalid'}`,
      hint: 'validate the definition (flowops check) before hashing it',
    });
  }
  return hashJson(withoutDerived(parsed.data));
}

/**
 * A copy of the IR without fields the compiler derives from others (`secrets` of action steps and
 * compensations, from their `with`): identity (`hashWorkflow`) and diffs (`diffWorkflows`) are
 * the same whether or not the definition was compiled by a flowops that records them.
 */
export function withoutDerived(ir: Workflow): Workflow {
  const copy = JSON.parse(JSON.stringify(ir)) as Workflow;
  for (const { step } of walkSteps(copy.steps)) {
    if (step.type !== 'action') continue;
    delete step.secrets;
    if (step.compensate) delete step.compensate.secrets;
  }
  return copy;
}
