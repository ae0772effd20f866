/**
 * Webhook keys: generated and hashed on the client, stored (hash, prefix, creator, times) by a
 * system workflow per flowops workflow, verified by the gateway.
 * @module
 */
export { type NewKey, generateKey, hashKey, keyMatches, keyPrefix } from './key-material';
export { type KeyView, type WebhookKeysOptions, WebhookKeys, keyView } from './keys-client';
export { type KeyRecord, KEYS_WORKFLOW_TYPE, keysWorkflowId } from '../workflows/registry/keys-types';
