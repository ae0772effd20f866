/**
 * The `transform` plugin contract: reshape data with a JSONata expression.
 *
 * Effect: `read` — a pure function of its input, safe (and useful) to run in dry-runs.
 * @module
 */
import { defineAction, definePlugin } from '@flowops/sdk';
import { z } from 'zod';

export const JsonataInput = z.object({
  /** A JSONata expression (https://jsonata.org), evaluated against `data`. */
  expression: z.string().min(1),
  /** The document the expression sees as `$`. */
  data: z.unknown(),
  /** Extra variables, available as `$name` in the expression. */
  bindings: z.record(z.string(), z.unknown()).optional(),
});
export type JsonataInput = z.infer<typeof JsonataInput>;

export const JsonataOutput = z.object({
  /** The expression's value (null when it yields nothing). */
  result: z.unknown(),
});
export type JsonataOutput = z.infer<typeof JsonataOutput>;

/**
 * The transform plugin: `transform.jsonata`.
 * @example
 * ```ts
 * import transform from '@flowops/plugin-transform';
 * const classify = step('classify', transform.jsonata({
 *   expression: 'errorRate > 0.05 ? "sev1" : errorRate > 0.01 ? "sev2" : "sev3"',
 *   data: { errorRate: input.errorRate },
 * }));
 * ```
 */
export const plugin = definePlugin({
  name: 'transform',
  version: '1.0.0',
  description: 'Pure data transforms with JSONata',
  actions: {
    jsonata: defineAction({
      description: 'Evaluate a JSONata expression against data. A read: pure.',
      effect: 'read',
      input: JsonataInput,
      output: JsonataOutput,
    }),
  },
});
