import { describe, expect, it } from 'vitest';
import type { Workflow } from '../ir';
import { diffInputSchema } from './input-schema-diff';
import { describeDiff, diffWorkflows } from './workflow-diff';

const base = (): Workflow =>
  ({
    apiVersion: 'flowops/v1',
    kind: 'Workflow',
    name: 'deploy',
    version: '1.0.0',
    owner: '@acme/ops',
    input: { type: 'object', properties: { service: { type: 'string' }, dryRun: { type: 'boolean' } }, required: ['service'] },
    triggers: [{ type: 'manual' }],
    steps: [
      {
        id: 'fetch',
        type: 'action',
        uses: 'http.request@1',
        with: { url: 'https://x' },
        effect: 'read',
        retry: { maxAttempts: 3, backoff: 'exponential', initialInterval: '1s' },
      },
      {
        id: 'fan',
        type: 'parallel',
        steps: [
          { id: 'a', type: 'sleep', duration: '1s' },
          { id: 'b', type: 'sleep', duration: '2s' },
        ],
      },
      { id: 'notify', type: 'action', uses: 'slack.post@1', with: { text: 'hi' }, effect: 'read', timeout: '30s' },
    ],
  }) as Workflow;

describe('diffWorkflows', () => {
  it('is empty when only the version differs', () => {
    const d = diffWorkflows(base(), { ...base(), version: '1.0.1' });
    expect(d.empty).toBe(true);
    expect(describeDiff(d)).toEqual([]);
  });

  it('reports steps added, removed and changed with fields, retry, timeout, plugins and new writes', () => {
    const after = base();
    after.version = '1.1.0';
    const [fetch, fan, notify] = after.steps as unknown as [Record<string, unknown>, Record<string, unknown>, Record<string, unknown>];
    fetch.retry = { maxAttempts: 5, backoff: 'fixed', initialInterval: '1s' };
    fetch.with = { url: 'https://y' };
    (fan.steps as unknown[]).pop();
    notify.timeout = '1m';
    notify.uses = 'slack.post@2';
    notify.effect = 'write';
    after.steps.push({ id: 'record', type: 'action', uses: 'github.createIssue@1', with: {}, effect: 'write' } as never);
    const d = diffWorkflows(base(), after);
    expect(d.empty).toBe(false);
    expect(d.steps.added).toEqual(['record']);
    expect(d.steps.removed).toEqual(['b']);
    expect(d.steps.changed).toEqual([
      { id: 'fetch', fields: ['retry', 'with'] },
      { id: 'fan', fields: ['steps'] },
      { id: 'notify', fields: ['effect', 'timeout', 'uses'] },
    ]);
    expect(d.retry).toEqual([{ step: 'fetch', before: expect.objectContaining({ maxAttempts: 3 }), after: expect.objectContaining({ maxAttempts: 5 }) }]);
    expect(d.timeouts).toEqual([{ step: 'notify', before: '30s', after: '1m' }]);
    expect(d.plugins).toEqual({ added: ['github.createIssue@1', 'slack.post@2'], removed: ['slack.post@1'] });
    expect(d.newWriteEffects.sort()).toEqual(['notify', 'record']);
    expect(describeDiff(d)).toContain('! new write effect: record');
  });

  it('reports defaults, triggers and top-level changes', () => {
    const after = { ...base(), owner: '@acme/sre', defaults: { timeout: '5m' }, triggers: [{ type: 'cron' as const, schedule: '0 3 * * *' }] };
    const d = diffWorkflows(base(), after);
    expect(d.other).toEqual(['owner']);
    expect(d.timeouts).toEqual([{ step: '(defaults)', before: undefined, after: '5m' }]);
    expect(d.triggersChanged).toBe(true);
  });
});

describe('diffInputSchema', () => {
  const before = {
    type: 'object',
    properties: {
      service: { type: 'string' },
      env: { type: 'string', enum: ['staging', 'production'] },
      opts: { type: 'object', properties: { force: { type: 'boolean' } } },
      count: { type: 'number' },
    },
    required: ['service'],
  };
  it('classifies breaking and compatible changes', () => {
    const after = {
      type: 'object',
      properties: {
        service: { type: 'string' },
        env: { type: 'string', enum: ['staging'] },
        opts: { type: 'object', properties: { force: { type: 'string' }, reason: { type: 'string' } } },
        count: { type: 'number', minimum: 1 },
        region: { type: 'string' },
        ticket: { type: 'string' },
      },
      required: ['ticket'],
    };
    const changes = diffInputSchema(before, after);
    expect(changes).toEqual(
      expect.arrayContaining([
        { path: 'service', kind: 'became-optional', breaking: false },
        { path: 'env', kind: 'enum-narrowed', breaking: true, detail: '"production"' },
        { path: 'opts.force', kind: 'type-changed', breaking: true, detail: 'boolean → string' },
        { path: 'opts.reason', kind: 'added-optional', breaking: false },
        { path: 'count', kind: 'constraint-changed', breaking: false },
        { path: 'region', kind: 'added-optional', breaking: false },
        { path: 'ticket', kind: 'added-required', breaking: true },
      ]),
    );
    expect(changes).toHaveLength(7);
    expect(diffInputSchema(after, before)).toEqual(expect.arrayContaining([{ path: 'ticket', kind: 'removed', breaking: false }]));
  });
  it('is empty for identical schemas', () => {
    expect(diffInputSchema(before, structuredClone(before))).toEqual([]);
  });
});
