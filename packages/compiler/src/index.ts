/**
 * @flowops/compiler — type-check, load, validate, lint and version-policy for flowops workflows.
 *
 * `checkWorkflows({ root })` runs the whole pipeline over `workflows/*` and returns the compiled
 * IRs and positioned diagnostics; `formatReport` renders them (pretty, json, github, sarif);
 * `createCheckSession` keeps a type checker alive for fast re-checks (watch).
 * @module
 */
export { type CheckOptions, type CheckResult, type CompiledWorkflow, checkWorkflows, createCheckSession } from './compile';
export { type Diagnostic, diagnostic, hasErrors } from './diagnostic';
export { discoverWorkflows } from './discover';
export { type ModuleLoader } from './module-loader';
export { isFormat, formatReport, FORMATS } from './format/index';
export { stepGraph } from './dag';
export { type Engine, ENGINES } from './typecheck-run';
export { findTsgo } from './typecheck-tsgo';
export { nextFreeVersion } from './next-version';
export { formatPublishedTrailers, parsePublishedTrailers, PUBLISHED_TRAILER, type PublishedRecord } from './published-record';
export { evaluatePolicies, POLICY_FILE, type PolicyInput, type PolicyReport, type PolicySetReport, type Waiver } from './policy/evaluate';
export {
  evaluatePolicyFile,
  evaluatePolicyFiles,
  findPolicyFile,
  loadPolicies,
  policySetsFromModule,
  type PolicyFileResult,
  type PolicyLoadOptions,
} from './policy/load';
export { evaluatePolicyRequest, type PolicyReply, type PolicyRequest, type PolicySetSummary, policySetsOf } from './policy/child';
export { positionPolicyDiagnostics } from './policy/positions';
export { mergePolicyReports } from './policy/merge';
export { CODEOWNERS_PATHS, parseCodeowners, readCodeowners } from './policy/codeowners';
export { cacheKeyFile, cacheSecret } from './cache-key';
export { entryMac } from './cache-store';
