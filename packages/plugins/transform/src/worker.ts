/**
 * Worker side of the `transform` plugin: JSONata (compile, then evaluate against `data`).
 * A bad expression is a deterministic error: FLOW_PLUGIN_ERROR, non-retryable, carrying
 * JSONata's message, code and position.
 * @module
 */
import { implementPlugin } from '@flowops/sdk';
import { ApplicationFailure } from '@temporalio/common';
import jsonata from 'jsonata';
import { type JsonataOutput, plugin } from './contract';

interface JsonataError {
  message: string;
  code?: string;
  position?: number;
  token?: string;
}

function expressionError(phase: 'compile' | 'evaluate', err: unknown): ApplicationFailure {
  const e = (typeof err === 'object' && err !== null ? err : { message: String(err) }) as JsonataError;
  const at = e.position !== undefined ? ` at position ${e.position}` : '';
  const code = e.code ? ` (${e.code})` : '';
  const message =
    phase === 'compile'
      ? `the JSONata expression does not parse${at}: ${e.message}${code}`
      : `the JSONata expression failed while evaluating${at}: ${e.message}${code}`;
  return ApplicationFailure.create({
    type: 'FLOW_PLUGIN_ERROR',
    message: `${message} — To fix: correct the expression (try it at https://try.jsonata.org) [FLOW_PLUGIN_ERROR]`,
    nonRetryable: true,
    details: [{ jsonataCode: e.code, position: e.position, token: e.token }],
  });
}

/** Compiles and evaluates `expression`; the result is plain JSON (null when there is none). */
export async function evaluateJsonata(expression: string, data: unknown, bindings?: Record<string, unknown>): Promise<JsonataOutput> {
  let compiled: ReturnType<typeof jsonata>;
  try {
    compiled = jsonata(expression);
  } catch (err) {
    throw expressionError('compile', err);
  }
  let result: unknown;
  try {
    result = await compiled.evaluate(data, bindings);
  } catch (err) {
    throw expressionError('evaluate', err);
  }
  // JSONata sequences carry extra properties and may hold functions: keep only the JSON.
  return { result: result === undefined ? null : (JSON.parse(JSON.stringify(result) ?? 'null') as unknown) };
}

/** The transform plugin implementation to register on a worker. */
export const implementation = implementPlugin(plugin, {
  jsonata: {
    run: (input) => evaluateJsonata(input.expression, input.data, input.bindings),
  },
});
export default implementation;
