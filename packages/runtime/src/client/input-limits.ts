/**
 * Limits on a run's input, checked before anything else touches it (no recursion, so a
 * 3 000-level input is refused instead of overflowing the stack in validation or cloning):
 * size (default 512 KiB, well under Temporal's 2 MB payload limit: the input travels in the
 * start event and again in every continue-as-new) and nesting depth (default 64).
 * Override with `startRun({ inputLimits })` or `FLOWOPS_MAX_INPUT_BYTES` / `FLOWOPS_MAX_INPUT_DEPTH`.
 * Sandbox-safe (the interpreter uses the depth check too).
 * @module
 */
import { type FlowIssue, type Result, fail, ok } from '@flowops/core';
import { deeperThan, jsonByteLength } from '../workflows/json-size';

export const DEFAULT_MAX_INPUT_BYTES = 512 * 1024;
export const DEFAULT_MAX_INPUT_DEPTH = 64;
/**
 * The whole start payload (definition, `call` targets, input, env values): Temporal refuses a
 * payload over 2 MB (its default blob size limit); the margin covers the codec's envelope.
 */
export const DEFAULT_MAX_RUN_BYTES = 2 * 1000 * 1000 - 64 * 1024;

/** Limits on a run's input; unset fields take the defaults. */
export interface InputLimits {
  maxBytes?: number | undefined;
  maxDepth?: number | undefined;
  /** Size of the whole start payload (default `DEFAULT_MAX_RUN_BYTES`, `FLOWOPS_MAX_RUN_BYTES`). */
  maxRunBytes?: number | undefined;
}

const positive = (raw: string | undefined): number | undefined => {
  const n = raw === undefined || raw.trim() === '' ? Number.NaN : Number(raw);
  return Number.isSafeInteger(n) && n > 0 ? n : undefined;
};

/** Limits from `FLOWOPS_MAX_INPUT_BYTES` / `FLOWOPS_MAX_INPUT_DEPTH` (ignored when not positive integers). */
export function inputLimitsFromEnv(env: Record<string, string | undefined>): InputLimits {
  return { maxBytes: positive(env.FLOWOPS_MAX_INPUT_BYTES), maxDepth: positive(env.FLOWOPS_MAX_INPUT_DEPTH), maxRunBytes: positive(env.FLOWOPS_MAX_RUN_BYTES) };
}

const kib = (n: number): string => (n >= 1024 * 1024 ? `${(n / 1024 / 1024).toFixed(1)} MiB` : `${Math.ceil(n / 1024)} KiB`);

/** `ok(undefined)`, or FLOW_INPUT_TOO_DEEP / FLOW_INPUT_TOO_LARGE naming the limit and the size. */
export function checkInputLimits(workflow: string, input: unknown, limits: InputLimits = {}): Result<void> {
  const maxDepth = limits.maxDepth ?? DEFAULT_MAX_INPUT_DEPTH;
  const maxBytes = limits.maxBytes ?? DEFAULT_MAX_INPUT_BYTES;
  if (deeperThan(input, maxDepth)) {
    const issue: FlowIssue = {
      code: 'FLOW_INPUT_TOO_DEEP',
      message: `Input of ${workflow} nests objects/arrays more than ${maxDepth} levels deep`,
      hint: `flatten the input (at most ${maxDepth} levels), or raise the limit with FLOWOPS_MAX_INPUT_DEPTH`,
    };
    return fail(issue);
  }
  const bytes = jsonByteLength(input);
  if (bytes > maxBytes) {
    return fail({
      code: 'FLOW_INPUT_TOO_LARGE',
      message: `Input of ${workflow} is ${kib(bytes)} (${bytes} bytes) of JSON, over the ${kib(maxBytes)} limit`,
      hint: 'pass a reference to the data (a URL, an object-store key) instead of the data itself, or raise the limit with FLOWOPS_MAX_INPUT_BYTES (Temporal refuses payloads over 2 MB)',
    });
  }
  return ok(undefined);
}

/**
 * `ok(bytes)`, or FLOW_RUN_TOO_LARGE naming the size of a run's whole start payload (the
 * interpreter's arguments: definition, `call` targets, input, env values) and the limit.
 */
export function checkRunPayload(workflow: string, args: unknown, limits: InputLimits = {}): Result<number> {
  const maxBytes = limits.maxRunBytes ?? DEFAULT_MAX_RUN_BYTES;
  const bytes = jsonByteLength(args);
  if (bytes <= maxBytes) return ok(bytes);
  return fail({
    code: 'FLOW_RUN_TOO_LARGE',
    message: `A run of ${workflow} would start with ${kib(bytes)} (${bytes} bytes) of definition, call targets, input and env values, over the ${kib(maxBytes)} limit (Temporal refuses payloads over 2 MB); nothing was started`,
    hint: 'make the input smaller (pass a reference to large data), split the workflows it calls, or raise the limit with FLOWOPS_MAX_RUN_BYTES if the cluster allows larger payloads',
  });
}
