/**
 * @flowops/compiler — type-check, load, validate, lint and version-policy for flowops workflows.
 *
 * `checkWorkflows({ root })` runs the whole pipeline over `workflows/*` and returns the compiled
 * IRs and positioned diagnostics; `formatReport` renders them (pretty, json, github, sarif);
 * `createWatchSession` keeps a type checker alive for fast re-checks.
 * @module
 */
export { type CheckOptions, type CheckResult, type CheckSession, type CompiledWorkflow, checkWorkflows, createCheckSession } from './compile';
export { compileOne } from './compile-one';
export { type Diagnostic, type Position, type Severity, diagnostic, hasErrors, severityOf, sortDiagnostics } from './diagnostic';
export { type WorkflowSource, discoverWorkflows } from './discover';
export { type Catalog, loadCatalog } from './catalog';
export { createModuleLoader, type ModuleLoader } from './module-loader';
export type { TypeChecker, TypeCheckResult } from './typecheck';
export { hashIr } from './hash';
export { mask } from './check-secrets';
export * from './format/index';
export { buildDag, stepGraph, type Dag } from './dag';
