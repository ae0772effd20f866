import { secret } from '@flowops/sdk';
import { describe, expect, it } from 'vitest';
import slack, { plugin } from './index';

describe('slack contract', () => {
  it('postMessage is a write that takes a secret webhook reference', () => {
    expect(slack).toBe(plugin);
    const call = slack.postMessage({ webhookUrl: secret('SLACK_WEBHOOK_URL'), text: 'hi' });
    expect(call).toMatchObject({ uses: 'slack.postMessage@1', effect: 'write' });
    expect(slack.actions.postMessage.input.safeParse({ webhookUrl: '{{ secret.SLACK_WEBHOOK_URL }}', text: 'hi', blocks: [{ type: 'section' }] }).success).toBe(
      true,
    );
    expect(slack.actions.postMessage.input.safeParse({ webhookUrl: 'x', text: '' }).success).toBe(false);
  });
});
