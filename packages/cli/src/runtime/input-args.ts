/**
 * Run input from `--input file.json` and `key=value` arguments, following the workflow's input
 * schema (`inputFromArgs` in @flowops/core, the same rule as `/flowops run` comments): `a.b=1`
 * nests, numbers, booleans, arrays and objects convert where the schema asks for them, the rest
 * stays a string. `__proto__`, `prototype` and `constructor` are refused as input names.
 * @module
 */
import { readFileSync } from 'node:fs';
import { FlowError, inputFromArgs } from '@flowops/core';

type Schema = Record<string, unknown>;

function readInputFile(file: string): Record<string, unknown> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(file, 'utf8'));
  } catch (err) {
    throw new FlowError({
      code: 'FLOW_INVALID_INPUT',
      message: `--input ${file} is not readable JSON (${err instanceof Error ? err.message : String(err)})`,
      hint: 'pass a JSON object file, e.g. {"service": "api"}',
    });
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    throw new FlowError({ code: 'FLOW_INVALID_INPUT', message: `--input ${file} must hold a JSON object`, hint: 'wrap the values in {…}' });
  }
  return parsed as Record<string, unknown>;
}

/** `key=value` strings as [key, value] pairs; a string without `=` is a usage error. */
export function splitPairs(pairs: string[]): Array<[string, string]> {
  return pairs.map((pair) => {
    const eq = pair.indexOf('=');
    if (eq <= 0) throw new FlowError({ code: 'FLOW_USAGE', message: `"${pair}" is not key=value`, hint: 'write input values as key=value, e.g. service=api' });
    return [pair.slice(0, eq), pair.slice(eq + 1)];
  });
}

/** The run input: the `--input` file with the pairs laid over it, converted by `schema`; throws FlowError (every refused key). */
export function parseInputArgs(schema: Schema | undefined, file: string | undefined, pairs: string[]): Record<string, unknown> {
  const split = splitPairs(pairs);
  const base = file ? readInputFile(file) : undefined;
  const r = inputFromArgs(schema, split, base);
  if (!r.ok) throw new FlowError(r.issues[0]!, r.issues.slice(1));
  return r.value;
}
