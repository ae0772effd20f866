/**
 * Worker side of the `slack` plugin: POST to an incoming webhook.
 * The webhook URL is a credential: it never appears in errors or results (only its host).
 * Slack's 429 `Retry-After` becomes a retryable failure with that delay; other 4xx answers
 * (`invalid_payload`, `no_service`, `channel_is_archived`…) are not retried.
 * Incoming webhooks take no idempotency key: an attempt lost after Slack received the message
 * posts it again when the step retries (see the README).
 * @module
 */
import { type ActionContext, implementPlugin } from '@flowops/sdk';
import { ApplicationFailure } from '@temporalio/common';
import { type PostMessageInput, type PostMessageOutput, plugin } from './contract';

export const TIMEOUT_MS = 15_000;

function slackError(message: string, hint: string, retryable: boolean, nextRetryDelay?: number, details?: unknown) {
  return ApplicationFailure.create({
    type: 'FLOW_PLUGIN_ERROR',
    message: `${message} — To fix: ${hint} [FLOW_PLUGIN_ERROR]`,
    nonRetryable: !retryable,
    ...(nextRetryDelay !== undefined ? { nextRetryDelay } : {}),
    ...(details !== undefined ? { details: [details] } : {}),
  });
}

/** Parses and checks the webhook URL; errors never echo the URL. */
export function webhookUrl(raw: string): URL {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw slackError('the Slack webhook URL is not a valid URL', "pass secret('SLACK_WEBHOOK_URL') holding https://hooks.slack.com/services/…", false);
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    throw slackError(`the Slack webhook URL uses ${url.protocol}`, 'use the https:// URL Slack gave you', false);
  }
  return url;
}

/** The JSON body Slack expects. */
export function slackPayload(input: PostMessageInput): Record<string, unknown> {
  return {
    text: input.text,
    ...(input.blocks ? { blocks: input.blocks } : {}),
    ...(input.channel ? { channel: input.channel } : {}),
    ...(input.threadTs ? { thread_ts: input.threadTs } : {}),
    ...(input.unfurlLinks !== undefined ? { unfurl_links: input.unfurlLinks } : {}),
  };
}

export async function postMessage(input: PostMessageInput, ctx: Pick<ActionContext, 'signal'>): Promise<PostMessageOutput> {
  const url = webhookUrl(input.webhookUrl);
  const timeout = AbortSignal.timeout(TIMEOUT_MS);
  let res: Response;
  try {
    res = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(slackPayload(input)),
      signal: AbortSignal.any([ctx.signal, timeout]),
    });
  } catch (err) {
    if (ctx.signal.aborted) throw ctx.signal.reason ?? err;
    const why = timeout.aborted ? `timed out after ${TIMEOUT_MS} ms` : 'could not connect';
    throw slackError(`posting to the Slack webhook at ${url.host} ${why}`, 'check that the worker can reach Slack', true);
  }
  const text = (await res.text()).slice(0, 200);
  if (res.ok) return { ok: true };
  if (res.status === 429 || res.status >= 500) {
    const after = Number(res.headers.get('retry-after'));
    const delay = Number.isFinite(after) && after > 0 ? Math.min(after * 1000, 3_600_000) : undefined;
    throw slackError(`Slack answered ${res.status} (${text || 'no reason'})`, 'nothing to fix: the step retries', true, delay, { status: res.status });
  }
  throw slackError(
    `Slack rejected the message with ${res.status} (${text || 'no reason'})`,
    res.status === 400
      ? 'check text and blocks against https://api.slack.com/block-kit'
      : 'the webhook is revoked or its channel archived: create a new webhook and update the secret',
    false,
    undefined,
    { status: res.status, reason: text },
  );
}

/** The slack plugin implementation to register on a worker. */
export const implementation = implementPlugin(plugin, {
  postMessage: {
    run: (input, ctx) => postMessage(input, ctx),
    async dryRun(input) {
      webhookUrl(input.webhookUrl);
      return { ok: true };
    },
  },
});
export default implementation;
