/**
 * The flowops/v1 IR as JSON Schema (draft 2020-12), generated from the zod schemas so the two
 * can never disagree. It describes the IR *as written* (zod input: defaulted fields optional).
 * Recursive parts (Value, Condition, Step) are named `$defs` referenced with `$ref`.
 * The generated file is committed as `packages/core/schema/flowops-v1.schema.json` and
 * exported as `@flowops/core/schema.json` (regenerate: `npx tsx packages/core/scripts/write-json-schema.ts`).
 * @module
 */
import { z } from 'zod';
import * as ir from './ir';

export const WORKFLOW_SCHEMA_FILE = 'schema/flowops-v1.schema.json';

const NAMED = [
  'Value',
  'Condition',
  'Step',
  'ActionStep',
  'SleepStep',
  'ApprovalStep',
  'CallStep',
  'ParallelStep',
  'ForEachStep',
  'WhenStep',
  'NotifyHuman',
  'CheckpointAfter',
  'CircuitBreaker',
  'ActionCall',
  'Retry',
  'Defaults',
  'Trigger',
  'Visibility',
  'StepId',
  'Duration',
  'Uses',
  'OnError',
  'Effect',
] as const;

/** JSON Schema (draft 2020-12) of a flowops/v1 workflow definition. */
export function workflowJsonSchema(): Record<string, unknown> {
  const registry = z.registry<{ id: string }>();
  // biome-ignore lint/performance/noDynamicNamespaceImportAccess: the names are the IR schemas to register
  for (const name of NAMED) registry.add(ir[name] as z.ZodType, { id: name });
  const schema = z.toJSONSchema(ir.Workflow, { io: 'input', target: 'draft-2020-12', metadata: registry, unrepresentable: 'any' });
  const { $schema, ...rest } = schema as Record<string, unknown>;
  return {
    $schema,
    title: 'flowops/v1 Workflow',
    description: 'A flowops workflow definition (IR). Generated from the zod schemas in @flowops/core; do not edit.',
    ...rest,
  };
}

/** The schema file's exact text (2-space JSON and a trailing newline). */
export function workflowJsonSchemaText(): string {
  return `${JSON.stringify(workflowJsonSchema(), null, 2)}\n`;
}
