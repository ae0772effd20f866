/**
 * The `slack` plugin contract: post messages through a Slack incoming webhook.
 *
 * Effect: `write` — simulated in dry-runs (the worker's `dryRun` validates and returns `ok`
 * without posting). The webhook URL is a credential: pass `secret('SLACK_WEBHOOK_URL')`; the
 * compiler flags a literal `https://hooks.slack.com/…` (FLOW_HARDCODED_SECRET).
 * @module
 */
import { defineAction, definePlugin } from '@flowops/sdk';
import { z } from 'zod';

export const PostMessageInput = z.object({
  /** Incoming-webhook URL; expected to be a secret reference (`{{ secret.SLACK_WEBHOOK_URL }}`). */
  webhookUrl: z.string().min(1),
  /** Message text (mrkdwn); also the notification fallback when `blocks` are given. */
  text: z.string().min(1).max(40_000),
  /** Block Kit blocks (https://api.slack.com/block-kit), passed through as JSON. */
  blocks: z.array(z.record(z.string(), z.unknown())).max(50).optional(),
  /** Channel override (`#ops`), for webhooks that allow one; otherwise the webhook's own channel. */
  channel: z.string().min(1).max(80).optional(),
  /** Reply in a thread (timestamp of the parent message). */
  threadTs: z.string().optional(),
  unfurlLinks: z.boolean().optional(),
});
export type PostMessageInput = z.infer<typeof PostMessageInput>;

export const PostMessageOutput = z.object({ ok: z.boolean() });
export type PostMessageOutput = z.infer<typeof PostMessageOutput>;

/**
 * The slack plugin: `slack.postMessage`.
 * @example
 * ```ts
 * import slack from '@flowops/plugin-slack';
 * step('notify', slack.postMessage({ webhookUrl: secret('SLACK_WEBHOOK_URL'), text: tpl`Deployed ${input.service}` }));
 * ```
 */
export const plugin = definePlugin({
  name: 'slack',
  version: '1.0.0',
  description: 'Slack messages via incoming webhooks',
  actions: {
    postMessage: defineAction({
      description: 'Post a message to the channel of an incoming webhook. A write: simulated in dry-runs.',
      effect: 'write',
      input: PostMessageInput,
      output: PostMessageOutput,
      sensitive: [{ path: 'webhookUrl', secret: 'SLACK_WEBHOOK_URL' }],
    }),
  },
});
