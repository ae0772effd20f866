/**
 * @flowops/core — the flowops/v1 IR, the reference/expression language, canonical JSON
 * identity and DAG utilities. Pure: no `node:*` imports, safe inside Temporal's workflow sandbox.
 * @module
 */
export * from './ir';
export * from './codes';
export * from './expressions/reference';
export * from './expressions/value-string';
export * from './expressions/scope';
export * from './expressions/resolve';
export * from './expressions/secret-slots';
export * from './expressions/collect';
export * from './expressions/condition-parse';
export * from './expressions/condition-print';
export * from './expressions/condition-eval';
export * from './canonical';
export * from './hash';
export * from './dag';
export * from './idempotency';
export * from './diff';
export * from './mermaid';
export * from './json-schema';
export * from './input-args';
export * from './child-env';
