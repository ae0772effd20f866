import type { Workflow } from '@flowops/core';
import { describe, expect, it } from 'vitest';
import { desiredSchedules } from './schedules';

const ir = (url: string): Workflow =>
  ({
    apiVersion: 'flowops/v1',
    name: 'nightly',
    version: '1.0.0',
    owner: '@o',
    triggers: [{ type: 'cron', schedule: '0 3 * * *' }],
    steps: [{ id: 's', type: 'action', uses: 'http.get@1', effect: 'read', with: { url } }],
  }) as unknown as Workflow;

describe('desiredSchedules and env values', () => {
  it("a schedule's runs carry the env values the definition references, from the environment", () => {
    const [d] = desiredSchedules(ir('{{ env.API }}/x'), 'sha256:1', 'q', { name: 'staging', envValues: { API: 'https://api.staging', OTHER: 'o' } });
    expect(d!.env).toEqual({ API: 'https://api.staging' });
    const [changed] = desiredSchedules(ir('{{ env.API }}/x'), 'sha256:1', 'q', { name: 'staging', envValues: { API: 'https://api.v2' } });
    expect(changed!.specHash).not.toBe(d!.specHash); // a new value updates the schedule
  });

  it('an environment without the value is FLOW_ENV_VALUE_MISSING (no schedule that fails every night)', () => {
    expect(() => desiredSchedules(ir('{{ env.API }}/x'), 'sha256:1', 'q', { name: 'staging', envValues: {} })).toThrow(/env\.API.*FLOW_ENV_VALUE_MISSING/s);
  });

  it('definitions without env references keep their schedule hash', () => {
    const [a] = desiredSchedules(ir('https://x'), 'sha256:1', 'q', { name: 'staging', envValues: { API: 'v' } });
    const [b] = desiredSchedules(ir('https://x'), 'sha256:1', 'q');
    expect(a!.specHash).toBe(b!.specHash);
  });
});
