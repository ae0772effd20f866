import { formatIssue } from '@flowops/core';
import { ActivityFailure, ApplicationFailure } from '@temporalio/workflow';
import { describe, expect, it } from 'vitest';
import { toStepFailure } from './failures';

const activityFailure = (cause: ApplicationFailure) =>
  new ActivityFailure('activity failed', 'http.get@1', '1', 'NON_RETRYABLE_FAILURE' as never, undefined, cause);

describe('toStepFailure', () => {
  it('prints the code once when the activity message already ends with it', () => {
    const message = formatIssue({ code: 'FLOW_SECRET_MISSING', message: 'secret "X" is not set on this worker', hint: 'set FLOWOPS_SECRET_X' });
    const f = toStepFailure('notify', activityFailure(ApplicationFailure.create({ type: 'FLOW_SECRET_MISSING', message })));
    expect(f.message.match(/\[FLOW_SECRET_MISSING\]/g)).toHaveLength(1);
  });

  it('adds the code when the message has none', () => {
    const f = toStepFailure('get', activityFailure(ApplicationFailure.create({ type: 'FLOW_PLUGIN_ERROR', message: 'HTTP 500' })));
    expect(f.message).toBe('Step "get" failed: HTTP 500 [FLOW_PLUGIN_ERROR]');
  });
});
