/** IR identity: @flowops/core's `hashWorkflow` (`sha256:<hex>` of canonical JSON). @module */
import { hashWorkflow, type Workflow } from '@flowops/core';

export function hashIr(ir: Workflow): string {
  return hashWorkflow(ir);
}
