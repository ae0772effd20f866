/**
 * @flowops/sdk — the authoring API for flowops workflows and plugins.
 *
 * - `defineWorkflow` with typed step builders (`step`, `parallel`, `forEach`, `when`, `approval`,
 *   `sleep`, `call`), condition helpers and typed handles (`tpl`, `secret`, `env`).
 * - `definePlugin` / `defineAction` for contracts, `implementPlugin` for workers.
 * @module
 */
export {
  type ActionContract,
  type ActionContext,
  type ActionHandler,
  type PluginContract,
  type PluginImplementation,
  type SecretResolver,
  type SensitiveField,
  type WorkflowDefinition,
  isPluginContract,
  isWorkflowDefinition,
} from './contracts';
export { type AnyRef, type Ref, type RefBrand, type Refable, cast, isRef, ref, refText, refValue } from './ref';
export { type TemplatePart, env, secret, tpl } from './template';
export { toRecord, toValue } from './serialize';
export { type ActionBuilders, type ActionInvocation, type Plugin, defineAction, definePlugin, implementPlugin, isActionInvocation } from './plugin';
export { type DurationString, type OutputStep, type StepNode, type StepOptions, isStepNode } from './step-node';
export { type ActionStepOptions, type CacheInfo, type NotifyHumanOptions, type RetryOptions, step } from './step-action';
export { type ForEachOptions, forEach, parallel, when } from './step-control';
export { type ApprovalOptions, type ApprovalOutput, type CallOptions, approval, call, sleep } from './step-misc';
export { type Operand, and, contains, eq, exists, gt, gte, isIn, lt, lte, ne, not, or } from './conditions';
export { type StepsResult, type WorkflowContext, type WorkflowDefaults, type WorkflowSpec, defineWorkflow } from './workflow';
export {
  fromEnv,
  isProtectedEnvironment,
  defineConfig,
  parseConfig,
  resolveEnvironment,
  FromEnv,
  EnvironmentConfig,
  PRODUCTION_ENVIRONMENT,
  FlowopsConfig,
  type FlowopsConfigInput,
  DEFAULT_CONFIG,
  type ResolvedEnvironment,
} from './config';
export { type EnvValuesSource, envForRun, undefinedEnvReferences } from './env-values';
export { type PolicyContext, type PolicyFinding, type PolicyRule, type PolicySet, type WorkflowIR, definePolicy, policySetProblems } from './policy';
/** Host allow-list matching, shared by `policyRules.httpAllowedHosts` and plugins that enforce it at run time (http). */
export { hostAllowed, parseHostList } from '@flowops/core';
export { type HttpAllowedHostsOptions, type WritesNeedApprovalOptions, policyRules } from './policy-rules';
