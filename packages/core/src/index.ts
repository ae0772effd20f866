/**
 * @flowops/core — the flowops/v1 IR, the reference/expression language, canonical JSON
 * identity and DAG utilities. Pure: no `node:*` imports, safe inside Temporal's workflow sandbox.
 * @module
 */
export {
  durationToMs,
  parseUses,
  walkSteps,
  API_VERSION,
  ID_PATTERN,
  SEMVER_PATTERN,
  Value,
  type ComparisonOp,
  Condition,
  Retry,
  OnError,
  Effect,
  ActionCall,
  ActionStep,
  SleepStep,
  ApprovalStep,
  CallStep,
  Step,
  ForEachStep,
  WhenStep,
  NotifyHuman,
  CheckpointAfter,
  CircuitBreaker,
  StepKind,
  Trigger,
  Visibility,
  Defaults,
  Workflow,
  type WorkflowInput,
} from './ir';
export {
  formatIssue,
  COMPILER_ERROR_CODES,
  COMPILER_WARNING_CODES,
  RUNTIME_CODES,
  POLICY_CODES,
  type PolicyCode,
  type FlowCode,
  type FlowIssue,
  type Result,
  ok,
  fail,
  FlowError,
} from './codes';
export { isLoopName, LOOP_NAME_PATTERN, parseReference, printReference, type Reference } from './expressions/reference';
export { parseValueString, printValueExpr } from './expressions/value-string';
export { lookupReference, type StepState, type Scope } from './expressions/scope';
export { resolveValue, resolveDeferred } from './expressions/resolve';
export { slotSecretNames, fillSecrets, type SecretSlot, type DeferredValue } from './expressions/secret-slots';
export { existsRefText, collectReferences, envNames, secretNames } from './expressions/collect';
export { type CallTarget, callClosure, callTargets, findCallTarget } from './call-closure';
export { runUiLink } from './run-link';
export { parseCondition } from './expressions/condition-parse';
export { normalizeCondition, printCondition } from './expressions/condition-print';
export { evaluateCondition, validateCondition } from './expressions/condition-eval';
export { canonicalJson } from './canonical';
export { sha256Hex, hashJson, hashWorkflow } from './hash';
export { runIdempotencyKey, stepIdempotencyKey } from './idempotency';
export { buildStepGraph, unknownDependencies, findCycle, cycleIssue, topologicalOrder, ancestorsOf, dependentsOf, countSteps, type StepGraph } from './dag';
export { diffWorkflows, describeDiff, type WorkflowDiff, breakingInputChanges, describeInputChange, diffInputSchema } from './diff';
export { workflowToMermaid, type StepMark } from './mermaid';
export { workflowJsonSchema } from './json-schema';
export { inputPath, inputFromArgs } from './input-args';
export { childEnv } from './child-env';
export { nearest } from './nearest';
export { effectiveVisibility, DEFAULT_VISIBILITY, type VisibilitySurface } from './visibility';
export { hostAllowed, parseHostList } from './host-allow';
