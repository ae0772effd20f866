/**
 * @flowops/core — the flowops/v1 IR, the reference/expression language, canonical JSON
 * identity and DAG utilities. Pure: no `node:*` imports, safe inside Temporal's workflow sandbox.
 * @module
 */
export * from './ir';
export * from './codes';
