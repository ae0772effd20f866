/**
 * Semantic diff of two versions of a workflow (plan's "changed" detail).
 * @module
 */
export { diffWorkflows, describeDiff, type WorkflowDiff, type StepChange, type SettingChange } from './workflow-diff';
export { breakingInputChanges, describeInputChange, diffInputSchema, type InputChange, type InputChangeKind } from './input-schema-diff';
export { deepEqual } from './deep-equal';
