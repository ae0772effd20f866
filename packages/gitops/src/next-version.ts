/**
 * The next free version of a workflow (the rule lives in @flowops/compiler, which `check --base`
 * uses too; re-exported here for plan and rollback).
 * @module
 */
export { nextFreeVersion } from '@flowops/compiler';
