/**
 * The interpreter's first act: validate the run's input against the IR's input schema, so a
 * start that bypasses the CLI (another SDK, `temporal workflow start`) fails at once with
 * FLOW_INVALID_INPUT before any step runs. Nesting is checked first without recursion
 * (FLOW_INPUT_TOO_DEEP past `MAX_DEPTH_IN_RUN`, generous: the client enforces the configured
 * limit). The input is validated as it is: defaults are applied by the client, not here.
 * Sandbox-safe.
 * @module
 */
import { formatIssue } from '@flowops/core';
import { ApplicationFailure } from '@temporalio/workflow';
import { validateInput } from '../client/validate-input';
import type { InterpreterArgs } from './types';

/** Deepest input the interpreter accepts (guards validation against stack overflows). */
export const MAX_DEPTH_IN_RUN = 1000;

/** Throws a non-retryable ApplicationFailure (FLOW_INVALID_INPUT or FLOW_INPUT_TOO_DEEP) listing every issue. */
export function checkRunInput(args: Pick<InterpreterArgs, 'ir' | 'input'>): void {
  const r = validateInput(args.ir, args.input, {
    limits: { maxDepth: MAX_DEPTH_IN_RUN, maxBytes: Number.MAX_SAFE_INTEGER },
    applyDefaults: false,
  });
  if (r.ok) return;
  const first = r.issues[0]!;
  const message = r.issues.length === 1 ? formatIssue(first) : `${r.issues.map((i) => i.message).join('; ')} — To fix: ${first.hint ?? 'pass a valid input'} [${first.code}]`;
  throw ApplicationFailure.create({ type: first.code, message, nonRetryable: true, details: [{ status: 'failed', steps: [] }] });
}
