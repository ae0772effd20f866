/**
 * Webhook keys of one flowops workflow, held by a system workflow (`flowops-keys-<name>`) in the
 * cluster: no extra database. Only the SHA-256 hash of a key, its prefix, creator and times are
 * stored; the key itself never reaches Temporal. Sandbox-safe: `@temporalio/workflow` definitions only.
 * @module
 */
import { defineQuery, defineSignal, defineUpdate } from '@temporalio/workflow';

/** Workflow type of the per-name keys workflow. */
export const KEYS_WORKFLOW_TYPE = 'flowopsKeys';
/** Workflow id of the keys workflow of `name`. */
export const keysWorkflowId = (name: string): string => `flowops-keys-${name}`;
/** Memo field holding the key records (DescribeWorkflowExecution reads them without a worker). */
export const KEYS_MEMO = 'flowopsKeys';
/** `flk_` and 8 hex digits: what `keys list` shows and what identifies a key. */
export const KEY_PREFIX_PATTERN = /^flk_[0-9a-f]{8}$/;
/** Lowercase hex SHA-256. */
export const KEY_HASH_PATTERN = /^[0-9a-f]{64}$/;
/** Revoked records kept for `keys list` (the oldest are dropped beyond this). */
export const MAX_REVOKED_KEYS = 50;
/** Active keys per workflow. */
export const MAX_ACTIVE_KEYS = 20;

/** One key as stored: never the key itself. Times are ISO strings (workflow time). */
export interface KeyRecord {
  prefix: string;
  /** SHA-256 (hex) of the whole key. */
  hash: string;
  creator: string;
  createdAt: string;
  lastUsedAt?: string | undefined;
  revokedAt?: string | undefined;
  revokedBy?: string | undefined;
}

export interface KeysArgs {
  name: string;
  keys?: KeyRecord[] | undefined;
  /** Continue as new after this many changes and uses (default 500). */
  maxEvents?: number | undefined;
}

export interface CreateKeyCommand {
  prefix: string;
  hash: string;
  creator: string;
}

export interface RevokeKeyCommand {
  prefix: string;
  actor: string;
}

export const createKeyUpdate = defineUpdate<KeyRecord, [CreateKeyCommand]>('createKey');
/** Revoke by prefix; revoking a revoked key returns its record unchanged. */
export const revokeKeyUpdate = defineUpdate<KeyRecord, [RevokeKeyCommand]>('revokeKey');
/** A gateway accepted a request with this key (sent at most once a minute per key and gateway). */
export const keyUsedSignal = defineSignal<[{ prefix: string }]>('keyUsed');
export const keysQuery = defineQuery<KeyRecord[]>('keys');
