/**
 * The keys system workflow: one per flowops workflow name with webhook keys. Creation and
 * revocation are updates whose validators refuse bad commands before anything enters history;
 * uses are signals (last use); the records are mirrored in the memo so a gateway verifies a key
 * with one DescribeWorkflowExecution. History stays bounded by continue-as-new.
 * @module
 */
import { ApplicationFailure, allHandlersFinished, condition, setHandler, upsertMemo, workflowInfo } from '@temporalio/workflow';
import { continueOn, moveHandler } from '../system-queue';
import {
  type CreateKeyCommand,
  KEYS_MEMO,
  KEY_HASH_PATTERN,
  KEY_PREFIX_PATTERN,
  type KeyRecord,
  type KeysArgs,
  MAX_ACTIVE_KEYS,
  MAX_REVOKED_KEYS,
  type RevokeKeyCommand,
  createKeyUpdate,
  keyUsedSignal,
  keysQuery,
  revokeKeyUpdate,
} from './keys-types';

const refuse = (code: string, message: string): never => {
  throw ApplicationFailure.create({ type: code, message, nonRetryable: true });
};

function checkCreate(keys: KeyRecord[], cmd: CreateKeyCommand): void {
  if (!KEY_PREFIX_PATTERN.test(cmd.prefix) || !KEY_HASH_PATTERN.test(cmd.hash) || !cmd.creator)
    refuse('FLOW_USAGE', 'a key needs a flk_ prefix, a SHA-256 hash and a creator');
  if (keys.some((k) => k.prefix === cmd.prefix)) refuse('FLOW_USAGE', `a key with prefix ${cmd.prefix} exists already`);
  if (keys.filter((k) => !k.revokedAt).length >= MAX_ACTIVE_KEYS) refuse('FLOW_USAGE', `at most ${MAX_ACTIVE_KEYS} active keys per workflow: revoke one first`);
}

function checkRevoke(keys: KeyRecord[], cmd: RevokeKeyCommand): void {
  if (!keys.some((k) => k.prefix === cmd.prefix)) refuse('FLOW_KEY_UNKNOWN', `no key with prefix ${cmd.prefix}`);
}

/** Drop the oldest revoked records beyond MAX_REVOKED_KEYS. */
function prune(keys: KeyRecord[]): KeyRecord[] {
  const revoked = keys.filter((k) => k.revokedAt).sort((a, b) => (a.revokedAt ?? '').localeCompare(b.revokedAt ?? ''));
  const drop = new Set(revoked.slice(0, Math.max(0, revoked.length - MAX_REVOKED_KEYS)).map((k) => k.prefix));
  return keys.filter((k) => !drop.has(k.prefix));
}

export async function flowopsKeys(args: KeysArgs): Promise<void> {
  let keys: KeyRecord[] = args.keys ?? [];
  const maxEvents = args.maxEvents ?? 500;
  let events = 0;
  const now = (): string => new Date(Date.now()).toISOString();
  const publish = (): void => {
    events += 1;
    upsertMemo({ [KEYS_MEMO]: keys });
  };
  upsertMemo({ [KEYS_MEMO]: keys });
  const moveTo = moveHandler();

  setHandler(
    createKeyUpdate,
    (cmd) => {
      checkCreate(keys, cmd);
      const record: KeyRecord = { prefix: cmd.prefix, hash: cmd.hash, creator: cmd.creator, createdAt: now() };
      keys.push(record);
      publish();
      return record;
    },
    { validator: (cmd) => checkCreate(keys, cmd) },
  );
  setHandler(
    revokeKeyUpdate,
    (cmd) => {
      checkRevoke(keys, cmd);
      const record = keys.find((k) => k.prefix === cmd.prefix) as KeyRecord;
      if (!record.revokedAt) {
        record.revokedAt = now();
        record.revokedBy = cmd.actor;
        keys = prune(keys);
        publish();
      }
      return record;
    },
    { validator: (cmd) => checkRevoke(keys, cmd) },
  );
  setHandler(keyUsedSignal, ({ prefix }) => {
    const record = keys.find((k) => k.prefix === prefix && !k.revokedAt);
    if (!record) return;
    record.lastUsedAt = now();
    publish();
  });
  setHandler(keysQuery, () => keys);

  await condition(() => events >= maxEvents || workflowInfo().continueAsNewSuggested || moveTo() !== undefined);
  await condition(allHandlersFinished);
  await continueOn<typeof flowopsKeys>(moveTo())({ name: args.name, keys, maxEvents });
}
