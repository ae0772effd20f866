/**
 * Offline GitHub for tests: a stateful fake REST server checked against GitHub's OpenAPI
 * description, webhook fixtures checked against GitHub's webhook schemas, and signing.
 * @module
 */
export * from './fake-github/index';
export * from './webhook-fixtures';
export { validateWebhook, webhookKey } from './webhook-schemas';
