/**
 * GitHub's official webhook schemas (`@octokit/openapi-webhooks`, OpenAPI 3.1 → JSON Schema
 * 2020-12, validated with Ajv's 2020 dialect). Used by the test suite to keep fixtures honest.
 * @module
 */
import { createRequire } from 'node:module';
import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';

const require = createRequire(import.meta.url);
const addFormats = ((addFormatsModule as unknown as { default?: unknown }).default ?? addFormatsModule) as (a: Ajv2020) => Ajv2020;

let ajv: Ajv2020 | undefined;
let doc: { webhooks: Record<string, unknown> } | undefined;

/** Key of a webhook in the description: `issue_comment` + `created` → `issue-comment-created`. */
export function webhookKey(event: string, action?: string): string {
  return [event, action].filter(Boolean).join('-').replaceAll('_', '-');
}

/** Validate a payload; returns the list of errors (empty when valid). */
export function validateWebhook(event: string, action: string | undefined, payload: unknown): string[] {
  if (!ajv || !doc) {
    doc = require('@octokit/openapi-webhooks/generated/api.github.com.json') as { webhooks: Record<string, unknown> };
    ajv = new Ajv2020({ strict: false, allErrors: true });
    addFormats(ajv);
    ajv.addSchema(doc, 'webhooks');
  }
  const key = webhookKey(event, action);
  if (!doc.webhooks[key]) return [`no webhook schema named ${key}`];
  const validate = ajv.getSchema(`webhooks#/webhooks/${key}/post/requestBody/content/application~1json/schema`);
  if (!validate) return [`schema for ${key} could not be compiled`];
  if (validate(payload)) return [];
  return (validate.errors ?? []).map((e) => `${e.instancePath || '/'} ${e.message ?? ''} ${JSON.stringify(e.params)}`);
}
