import { z } from 'zod';
import { describe, expect, test } from 'vitest';
import { inputJsonSchema } from './input-schema';

describe('inputJsonSchema', () => {
  test('a schema without custom messages converts exactly as zod does (definition hashes unchanged)', () => {
    const schema = z.object({ service: z.string().min(1), replicas: z.number().int().min(1).default(2), tier: z.enum(['a', 'b']).optional() });
    expect(inputJsonSchema(schema)).toEqual(z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' }));
  });

  test("keeps the author's messages in errorMessage, keyed by the keyword each check became", () => {
    const schema = z.object({
      order: z.string().regex(/^ord_/, 'order ids look like ord_abc123'),
      count: z.number().min(1, { message: 'at least one' }).max(9, { error: 'at most nine' }),
      plan: z.enum(['a', 'b'], { message: 'pick a or b' }),
      computed: z.string().min(2, { error: (issue) => `too short: ${String(issue.input)}` }),
    });
    const props = inputJsonSchema(schema).properties as Record<string, Record<string, unknown>>;
    expect(props.order?.errorMessage).toEqual({ pattern: 'order ids look like ord_abc123', format: 'order ids look like ord_abc123' });
    expect(props.count?.errorMessage).toEqual({
      minimum: 'at least one',
      exclusiveMinimum: 'at least one',
      maximum: 'at most nine',
      exclusiveMaximum: 'at most nine',
    });
    expect(props.plan?.errorMessage).toBe('pick a or b');
    expect(props.computed).not.toHaveProperty('errorMessage'); // computed from the issue: nothing static to keep
  });
});
