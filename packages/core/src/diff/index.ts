/**
 * Semantic diff of two versions of a workflow (plan's "changed" detail).
 * @module
 */
export { diffWorkflows, describeDiff, type WorkflowDiff } from './workflow-diff';
export { breakingInputChanges, describeInputChange, diffInputSchema } from './input-schema-diff';
