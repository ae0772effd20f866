/**
 * Webhook keys seen from a client: create (update-with-start of the workflow's keys system
 * workflow), list and verify (its memo: DescribeWorkflowExecution, no worker needed), revoke,
 * and record a use (signal). The key itself is generated here, printed once by the caller and
 * never sent to Temporal: only its SHA-256 hash and prefix are.
 * @module
 */
import { FlowError, type Result, fail, ok } from '@flowops/core';
import { type Client, WithStartWorkflowOperation } from '@temporalio/client';
import { isNotFound, unreachable, updateRefusal } from '../registry/errors';
import { moveOffSharedQueue } from '../registry/shared-queue';
import { SYSTEM_TASK_QUEUE } from '../workflows/registry/types';
import {
  KEYS_MEMO,
  KEYS_WORKFLOW_TYPE,
  type KeyRecord,
  type KeysArgs,
  createKeyUpdate,
  keyUsedSignal,
  keysWorkflowId,
  revokeKeyUpdate,
} from '../workflows/registry/keys-types';
import { generateKey, keyMatches, keyPrefix } from './key-material';

/** A key record as shown to people: no hash. */
export type KeyView = Omit<KeyRecord, 'hash'>;

/** The record without its hash. */
export const keyView = ({ hash: _hash, ...view }: KeyRecord): KeyView => view;

export interface WebhookKeysOptions {
  /** Task queue of the system workflows (default `flowops-system`). */
  systemTaskQueue?: string | undefined;
}

/** Webhook keys of the workflows of one namespace. */
export class WebhookKeys {
  readonly systemTaskQueue: string;
  constructor(
    readonly client: Client,
    options: WebhookKeysOptions = {},
  ) {
    this.systemTaskQueue = options.systemTaskQueue ?? SYSTEM_TASK_QUEUE;
  }

  /** A new key for `workflow`: `key` is the only copy there will ever be. */
  async create(workflow: string, creator: string): Promise<Result<{ key: string; record: KeyView }>> {
    const made = generateKey();
    const args: KeysArgs = { name: workflow };
    const startWorkflowOperation = new WithStartWorkflowOperation(KEYS_WORKFLOW_TYPE, {
      workflowId: keysWorkflowId(workflow),
      taskQueue: this.systemTaskQueue,
      args: [args],
      workflowIdConflictPolicy: 'USE_EXISTING',
      memo: { [KEYS_MEMO]: [] },
    });
    try {
      await moveOffSharedQueue(this.client, keysWorkflowId(workflow), this.systemTaskQueue);
      const record = await this.client.workflow.executeUpdateWithStart(createKeyUpdate, {
        args: [{ prefix: made.prefix, hash: made.hash, creator }],
        startWorkflowOperation,
      });
      return ok({ key: made.key, record: keyView(record) });
    } catch (error) {
      if (error instanceof FlowError) throw error;
      const refusal = updateRefusal(error);
      if (refusal) return fail(refusal);
      throw new FlowError(unreachable(error, `could not create a key for ${workflow}`));
    }
  }

  /** Every record (active and recently revoked) of `workflow`, with hashes; [] when it never had a key. */
  async records(workflow: string): Promise<KeyRecord[]> {
    try {
      const d = await this.client.workflow.getHandle(keysWorkflowId(workflow)).describe();
      return (d.memo?.[KEYS_MEMO] as KeyRecord[] | undefined) ?? [];
    } catch (error) {
      if (isNotFound(error)) return [];
      throw new FlowError(unreachable(error, `could not read the keys of ${workflow}`));
    }
  }

  /** The records of `workflow` without hashes, newest first. */
  async list(workflow: string): Promise<KeyView[]> {
    return (await this.records(workflow)).map(keyView).sort((a, b) => b.createdAt.localeCompare(a.createdAt));
  }

  /** Revoke the key with `prefix` (FLOW_KEY_UNKNOWN when there is none). */
  async revoke(workflow: string, prefix: string, actor: string): Promise<Result<KeyView>> {
    const unknown = (): Result<KeyView> =>
      fail({ code: 'FLOW_KEY_UNKNOWN', message: `${workflow} has no key with prefix ${prefix}`, hint: `list its keys with \`flowops keys list ${workflow}\`` });
    try {
      await moveOffSharedQueue(this.client, keysWorkflowId(workflow), this.systemTaskQueue);
      const record = await this.client.workflow.getHandle(keysWorkflowId(workflow)).executeUpdate(revokeKeyUpdate, { args: [{ prefix, actor }] });
      return ok(keyView(record));
    } catch (error) {
      if (error instanceof FlowError) throw error;
      if (isNotFound(error)) return unknown();
      const refusal = updateRefusal(error);
      if (refusal?.code === 'FLOW_KEY_UNKNOWN') return unknown();
      if (refusal) return fail(refusal);
      throw new FlowError(unreachable(error, `could not revoke ${prefix} of ${workflow}`));
    }
  }

  /** The active record `key` belongs to, or undefined (malformed, unknown, revoked or wrong). */
  async verify(workflow: string, key: string): Promise<KeyRecord | undefined> {
    const prefix = keyPrefix(key);
    if (!prefix) return undefined;
    const record = (await this.records(workflow)).find((k) => k.prefix === prefix);
    if (!record || record.revokedAt) return undefined;
    return keyMatches(key, record.hash) ? record : undefined;
  }

  /** Record a use of the key with `prefix` (its last use). */
  async touch(workflow: string, prefix: string): Promise<void> {
    await this.client.workflow.getHandle(keysWorkflowId(workflow)).signal(keyUsedSignal, { prefix });
  }
}
