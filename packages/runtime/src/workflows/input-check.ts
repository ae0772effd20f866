/**
 * The interpreter's first act: validate the run's input against the IR's input schema, so a
 * start that bypasses the client (another SDK, `temporal workflow start`) fails at once with
 * FLOW_INVALID_INPUT before any step runs. Nesting is checked first without recursion
 * (FLOW_INPUT_TOO_DEEP past `MAX_DEPTH_IN_RUN`, generous: the client enforces the configured
 * limit). The input is validated as it is (defaults are the client's job) and never changed.
 *
 * Ajv, which the client uses (`client/validate-input.ts`), generates code and cannot be imported
 * into the sandbox, so the schema goes through zod's `fromJSONSchema` here (the IR's schema was
 * produced by zod's `toJSONSchema`). A schema zod cannot convert is not checked in the run (the
 * client still checks it). Sandbox-safe.
 * @module
 */
import { formatIssue } from '@flowops/core';
import { ApplicationFailure } from '@temporalio/workflow';
import { z } from 'zod';
import { deeperThan } from './json-size';
import type { InterpreterArgs } from './types';

/** Deepest input the interpreter accepts (guards validation against stack overflows). */
export const MAX_DEPTH_IN_RUN = 1000;

const converted = new WeakMap<object, z.ZodType | null>();

function schemaOf(input: Record<string, unknown>): z.ZodType | null {
  let s = converted.get(input);
  if (s === undefined) {
    try {
      s = z.fromJSONSchema(input as never);
    } catch {
      s = null;
    }
    converted.set(input, s);
  }
  return s;
}

const fail = (code: 'FLOW_INVALID_INPUT' | 'FLOW_INPUT_TOO_DEEP', message: string, hint: string): ApplicationFailure =>
  ApplicationFailure.create({ type: code, message: formatIssue({ code, message, hint }), nonRetryable: true, details: [{ status: 'failed', steps: [] }] });

/** Throws a non-retryable ApplicationFailure (FLOW_INVALID_INPUT or FLOW_INPUT_TOO_DEEP) listing every issue. */
export function checkRunInput(args: Pick<InterpreterArgs, 'ir' | 'input'>): void {
  const { ir, input } = args;
  if (deeperThan(input, MAX_DEPTH_IN_RUN)) {
    throw fail('FLOW_INPUT_TOO_DEEP', `Input of ${ir.name} nests more than ${MAX_DEPTH_IN_RUN} levels deep`, 'flatten the input');
  }
  const schema = schemaOf(ir.input);
  if (!schema) return;
  const r = schema.safeParse(input);
  if (r.success) return;
  const issues = r.error.issues.map((i) => `${i.path.length ? i.path.join('.') : '(input)'}: ${i.message}`);
  throw fail(
    'FLOW_INVALID_INPUT',
    `Input of ${ir.name} does not match its input schema: ${issues.join('; ')}`,
    'start the run with a valid input (flowops run and startRun check it before starting; this run was started another way)',
  );
}
