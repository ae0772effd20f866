/**
 * The `log` plugin contract: structured log lines in the run's trace and the worker's log.
 *
 * Effect: `read`. Writing a log line has no external side effect worth simulating, so dry-runs
 * execute it for real (the line shows up in the dry-run trace, which is the point). Field
 * values are redacted by the worker like every other activity result.
 * @module
 */
import { defineAction, definePlugin } from '@flowops/sdk';
import { z } from 'zod';

export const LogLevel = z.enum(['debug', 'info', 'warn', 'error']);
export type LogLevel = z.infer<typeof LogLevel>;

export const WriteInput = z.object({
  level: LogLevel.default('info'),
  message: z.string().min(1),
  /** Structured fields (JSON values); secrets are redacted. */
  fields: z.record(z.string(), z.unknown()).default({}),
});
export type WriteInput = z.infer<typeof WriteInput>;

export const WriteOutput = z.object({});
export type WriteOutput = z.infer<typeof WriteOutput>;

/**
 * The log plugin: `log.write`.
 * @example
 * ```ts
 * import log from '@flowops/plugin-log';
 * step('log-start', log.write({ level: 'info', message: tpl`backfilling ${input.dataset}`, fields: { partitions: input.partitions } }));
 * ```
 */
export const plugin = definePlugin({
  name: 'log',
  version: '1.0.0',
  description: 'Structured log lines',
  actions: {
    write: defineAction({
      description: 'Write one structured log line. A read: no external side effect.',
      effect: 'read',
      input: WriteInput,
      output: WriteOutput,
    }),
  },
});
