import { describe, expect, test } from 'vitest';
import { validateInput } from './validate-input';

// what the SDK compiles `z.object({ service: z.string(), opts: z.object({ dry: z.boolean() }) })` to: no additionalProperties
const ir = {
  name: 'deploy',
  input: {
    $schema: 'https://json-schema.org/draft/2020-12/schema',
    type: 'object',
    properties: {
      service: { type: 'string' },
      opts: { type: 'object', properties: { dry: { type: 'boolean' } } },
      labels: { type: 'object', additionalProperties: { type: 'string' } },
    },
    required: ['service'],
  },
};

describe('unknown input keys', () => {
  test('are refused, at any depth, naming the key', () => {
    const r = validateInput(ir, { servce: 'api', service: 'api', opts: { dyr: true } });
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.issues.map((i) => i.message).sort()).toEqual([
      'Input of deploy: opts.dyr is not a known input field',
      'Input of deploy: servce is not a known input field',
    ]);
  });
  test('records and explicitly open objects stay open; the definition is not changed', () => {
    expect(validateInput(ir, { service: 'api', labels: { team: 'sre' } }).ok).toBe(true);
    expect(ir.input).not.toHaveProperty('additionalProperties');
  });
});
