import { FlowError } from '@flowops/core';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { demo } from './__fixtures__/demo-plugin';
import { isPluginContract } from './contracts';
import { defineAction, definePlugin, implementPlugin } from './plugin';

const action = defineAction({ effect: 'read', input: z.object({}), output: z.object({}) });

describe('definePlugin', () => {
  it('returns a contract with typed builders that produce uses@major', () => {
    expect(isPluginContract(demo)).toBe(true);
    expect(demo).toMatchObject({ kind: 'flowops.plugin', name: 'demo', version: '2.1.0', description: 'Test plugin' });
    expect(Object.keys(demo.actions)).toEqual(['fetch', 'send', 'ping']);
    const call = demo.send({ to: 'a', text: 'b' });
    expect(call).toMatchObject({ kind: 'flowops.action-call', uses: 'demo.send@2', effect: 'write', action: 'send', input: { to: 'a', text: 'b' } });
    expect(call.plugin).toBe(demo);
    expect(demo.ping().input).toEqual({});
  });

  it('rejects bad names, versions and reserved action names with codes', () => {
    const codeOf = (f: () => unknown) => {
      try {
        f();
      } catch (e) {
        return e instanceof FlowError ? e.code : 'not a FlowError';
      }
      return 'no error';
    };
    expect(codeOf(() => definePlugin({ name: 'Bad_Name', version: '1.0.0', actions: {} }))).toBe('FLOW_SCHEMA_INVALID');
    expect(codeOf(() => definePlugin({ name: 'ok', version: 'v1', actions: {} }))).toBe('FLOW_SCHEMA_INVALID');
    expect(codeOf(() => definePlugin({ name: 'ok', version: '1.0.0', actions: { version: action } }))).toBe('FLOW_SCHEMA_INVALID');
    expect(codeOf(() => definePlugin({ name: 'ok', version: '1.0.0', actions: { 'do-it': action } }))).toBe('FLOW_SCHEMA_INVALID');
  });
});

describe('implementPlugin', () => {
  it('pairs typed handlers with the contract', async () => {
    const impl = implementPlugin(demo, {
      fetch: { run: async (input) => ({ status: 200, body: input.url, user: { id: 'u', tags: [] } }) },
      send: { run: async ({ to }) => ({ id: to }), dryRun: async () => ({ id: 'dry' }) },
      ping: { run: async () => ({ ok: true }) },
    });
    expect(impl.kind).toBe('flowops.plugin-implementation');
    expect(impl.contract).toBe(demo);
    expect(await impl.handlers.send.dryRun?.({ to: 'x', text: 'y', level: 'info' }, {} as never)).toEqual({ id: 'dry' });
  });

  it('names missing and extra handlers (FLOW_UNKNOWN_ACTION)', () => {
    const run = async () => ({ ok: true });
    expect(() => implementPlugin(demo, { ping: { run } } as never)).toThrow(/no handler for fetch, send.*\[FLOW_UNKNOWN_ACTION\]/);
    expect(() => implementPlugin(demo, { fetch: { run }, send: { run }, ping: { run }, extra: { run } } as never)).toThrow(/undeclared actions extra/);
    expect(() => implementPlugin(demo, { fetch: { run }, send: {}, ping: { run } } as never)).toThrow(/send has no run/);
  });
});
