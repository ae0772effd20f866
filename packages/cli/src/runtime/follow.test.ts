import { describe, expect, test } from 'vitest';
import { renderChange, stepChanges } from './follow';

describe('status --follow change detection', () => {
  test('each step status change is reported once, in order', () => {
    const seen = new Map<string, string>();
    expect(stepChanges(seen, [{ step: 'fetch', status: 'running' }]).map((s) => `${s.step} ${s.status}`)).toEqual(['fetch running']);
    // the same snapshot again: nothing new
    expect(stepChanges(seen, [{ step: 'fetch', status: 'running' }])).toEqual([]);
    const next = stepChanges(seen, [
      { step: 'fetch', status: 'succeeded' },
      { step: 'deploy', status: 'running' },
    ]);
    expect(next.map((s) => `${s.step} ${s.status}`)).toEqual(['fetch succeeded', 'deploy running']);
    // the final trace repeats what was seen: only the last change is new
    const last = stepChanges(seen, [
      { step: 'fetch', status: 'succeeded' },
      { step: 'deploy', status: 'failed', error: { code: 'FLOW_STEP_FAILED', message: 'HTTP 500' } },
    ]);
    expect(last.map(renderChange)).toEqual(['  deploy failed FLOW_STEP_FAILED: HTTP 500\n']);
  });

  test('a new attempt of a running step is a change', () => {
    const seen = new Map<string, string>();
    stepChanges(seen, [{ step: 'call', status: 'running', attempt: 1 }]);
    const again = stepChanges(seen, [{ step: 'call', status: 'running', attempt: 2 }]);
    expect(again.map(renderChange)).toEqual(['  call running (attempt 2)\n']);
    expect(stepChanges(seen, [{ step: 'call', status: 'running', attempt: 2 }])).toEqual([]);
  });
});
