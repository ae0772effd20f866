import Ajv2020Module from 'ajv/dist/2020.js';
import { describe, expect, it } from 'vitest';
import committed from '../schema/flowops-v1.schema.json' with { type: 'json' };
import { Workflow, type WorkflowInput } from './ir';
import { workflowJsonSchema, workflowJsonSchemaText } from './json-schema';

// ajv is CommonJS; depending on interop the class is the default export or its `.default`.
const Ajv2020 = ((Ajv2020Module as unknown as { default?: unknown }).default ?? Ajv2020Module) as typeof Ajv2020Module;

const good: WorkflowInput = {
  apiVersion: 'flowops/v1',
  kind: 'Workflow',
  name: 'nested',
  version: '0.1.0',
  owner: '@acme/ops',
  input: { type: 'object' },
  steps: [
    { id: 'get', type: 'action', uses: 'http.request@1', effect: 'read', with: { url: 'https://x', headers: { a: ['{{ env.A }}', 1, null, { b: true }] } } },
    {
      id: 'loop',
      type: 'forEach',
      items: '{{ input.items }}',
      steps: [
        {
          id: 'branch',
          type: 'when',
          condition: {
            op: 'and',
            conditions: [
              { op: 'exists', ref: 'item.id' },
              { op: 'not', condition: { op: 'eq', left: '{{ item.kind }}', right: 'skip' } },
            ],
          },
          then: [{ id: 'both', type: 'parallel', steps: [{ id: 'nap', type: 'sleep', duration: '1s' }] }],
        },
      ],
    },
  ],
};

describe('workflowJsonSchema', () => {
  const schema = workflowJsonSchema();
  const validate = new Ajv2020({ strict: false, allErrors: true }).compile(schema);

  it('is draft 2020-12 with named recursive definitions', () => {
    expect(schema.$schema).toBe('https://json-schema.org/draft/2020-12/schema');
    const defs = schema.$defs as Record<string, unknown>;
    for (const name of ['Value', 'Condition', 'Step', 'WhenStep', 'ForEachStep', 'ParallelStep']) expect(defs).toHaveProperty(name);
    expect(JSON.stringify(defs.Value)).toContain('#/$defs/Value');
  });

  it('accepts what the zod schema accepts, including deep nesting', () => {
    expect(Workflow.safeParse(good).success).toBe(true);
    expect(validate(good), JSON.stringify(validate.errors)).toBe(true);
  });

  it('rejects what the zod schema rejects', () => {
    const bad = [
      { ...good, name: 'Bad Name' },
      { ...good, steps: [] },
      { ...good, extra: 1 },
      { ...good, steps: [{ id: 'x', type: 'sleep', duration: 'soon' }] },
      { ...good, steps: [{ id: 'w', type: 'when', condition: { op: 'and', conditions: [] }, then: [{ id: 'n', type: 'sleep', duration: '1s' }] }] },
      { ...good, steps: [{ id: 'p', type: 'parallel', steps: [{ id: 'q', type: 'action', uses: 'nope', effect: 'read' }] }] },
    ];
    for (const b of bad) {
      expect(Workflow.safeParse(b).success, JSON.stringify(b.steps)).toBe(false);
      expect(validate(b), JSON.stringify(b.steps)).toBe(false);
    }
  });

  it('matches the committed schema file (run scripts/write-json-schema.ts to update)', () => {
    expect(`${JSON.stringify(committed, null, 2)}\n`).toBe(workflowJsonSchemaText());
  });
});
