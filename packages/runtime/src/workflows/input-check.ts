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
 *
 * The worker preloads zod once per thread, and the SDK freezes what it preloads. zod's string
 * formats (email, uuid, ipv4, date, time, …) test against RegExp constants of its own module and
 * reset their `lastIndex` first, which throws on a frozen RegExp; `ownPatterns` gives every
 * converted schema its own copies, so a preloaded zod validates exactly as a per-run one.
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
      s = ownPatterns(z.fromJSONSchema(input as never));
    } catch {
      s = null;
    }
    converted.set(input, s);
  }
  return s;
}

type ZodNode = { _zod?: { def?: Record<string, unknown>; innerType?: unknown } };

/**
 * Replaces every frozen RegExp a schema's checks test against (`def.pattern`, shared by zod's
 * string formats) with a private copy. Walks the schema's definitions iteratively (objects' shapes,
 * arrays' elements, unions' options, lazy `$ref` targets, checks), each node once.
 */
export function ownPatterns<T extends z.ZodType>(root: T): T {
  const seen = new Set<object>();
  const todo: unknown[] = [root];
  while (todo.length > 0) {
    const node = todo.pop();
    if (node === null || typeof node !== 'object' || seen.has(node)) continue;
    seen.add(node);
    const zod = (node as ZodNode)._zod;
    const def = zod?.def;
    if (!def) {
      todo.push(...(Array.isArray(node) ? node : Object.values(node)));
      continue;
    }
    const pattern = def.pattern;
    if (pattern instanceof RegExp && Object.isFrozen(pattern) && !Object.isFrozen(def)) {
      def.pattern = new RegExp(pattern.source, pattern.flags);
    }
    if (def.type === 'lazy') todo.push(zod.innerType);
    for (const [key, value] of Object.entries(def)) if (key !== 'pattern') todo.push(value);
  }
  return root;
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
