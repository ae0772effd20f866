/**
 * The run-input check with zod frozen the way the worker's preload freezes it (the SDK deep-freezes
 * every preloaded module's exports). Its own file: the freeze must not reach other test files.
 */
import type { Workflow } from '@flowops/core';
import { ApplicationFailure } from '@temporalio/workflow';
import * as zod from 'zod';
import { beforeAll, describe, expect, it } from 'vitest';
import { checkRunInput, ownPatterns } from './input-check';

/** The SDK's `deepFreeze` (reusable-vm.js): own properties, depth first, prototypes left alone. */
function deepFreeze(value: unknown, seen = new WeakSet<object>()): void {
  if (value === null || (typeof value !== 'object' && typeof value !== 'function') || seen.has(value)) return;
  seen.add(value);
  if (Object.isFrozen(value)) return;
  if (typeof value === 'object') {
    for (const key of [...Object.getOwnPropertyNames(value), ...Object.getOwnPropertySymbols(value)]) {
      try {
        deepFreeze((value as Record<PropertyKey, unknown>)[key], seen);
      } catch {
        // as the SDK: some objects cannot be frozen
      }
    }
  }
  try {
    Object.freeze(value);
  } catch {
    // an ES module namespace cannot be frozen (webpack's plain `exports` objects can); its members are
  }
}

const schema = {
  type: 'object',
  properties: {
    email: { type: 'string', format: 'email' },
    id: { type: 'string', format: 'uuid' },
    day: { type: 'string', format: 'date' },
    at: { type: 'string', format: 'date-time' },
    host: { type: 'string', format: 'ipv4' },
    tags: { type: 'array', items: { type: 'string', format: 'email' } },
  },
  required: ['email', 'id', 'day', 'at', 'host'],
  additionalProperties: false,
};
const ir = { name: 'onboard', input: schema } as unknown as Workflow;
const valid = {
  email: 'ada@example.com',
  id: '3b241101-e2bb-4255-8caf-4136c566a962',
  day: '2026-11-30',
  at: '2026-11-30T10:00:00Z',
  host: '10.0.0.1',
  tags: ['bob@example.com'],
};

function failureOf(input: unknown): ApplicationFailure | undefined {
  try {
    checkRunInput({ ir, input });
    return undefined;
  } catch (e) {
    if (e instanceof ApplicationFailure) return e;
    throw e;
  }
}

describe('checkRunInput with a frozen (preloaded) zod', () => {
  beforeAll(() => deepFreeze(zod));

  it('zod alone cannot check a format once its RegExps are frozen (what ownPatterns is for)', () => {
    expect(Object.isFrozen(zod.z.regexes.email)).toBe(true);
    const plain = zod.z.fromJSONSchema(schema as never);
    expect(() => plain.safeParse(valid)).toThrow(/lastIndex|read.only/i);
  });

  it('accepts an input that matches every format', () => {
    expect(failureOf(valid)).toBeUndefined();
    expect(failureOf({ ...valid, tags: [] })).toBeUndefined();
  });

  it('refuses each bad format with FLOW_INVALID_INPUT, naming the field', () => {
    for (const [field, bad] of [
      ['email', 'not-an-email'],
      ['id', 'not-a-uuid'],
      ['day', '2026-13-45'],
      ['at', 'yesterday'],
      ['host', '999.1.1.1'],
    ] as const) {
      const failure = failureOf({ ...valid, [field]: bad });
      expect(failure?.type, field).toBe('FLOW_INVALID_INPUT');
      expect(failure?.message, field).toContain(`${field}:`);
    }
    expect(failureOf({ ...valid, tags: ['ok@example.com', 'nope'] })?.message).toContain('tags.1:');
  });

  it('gives a schema private copies of frozen patterns and leaves the constants alone', () => {
    const converted = ownPatterns(zod.z.fromJSONSchema({ type: 'string', format: 'email' } as never));
    expect(converted.safeParse('ada@example.com').success).toBe(true);
    expect(converted.safeParse('ada').success).toBe(false);
    expect(zod.z.regexes.email.lastIndex).toBe(0);
    expect(Object.isFrozen(zod.z.regexes.email)).toBe(true);
  });
});
