/** Argument parsing shared by commands: node's util.parseArgs with usage errors as FLOW_USAGE. @module */
import { type ParseArgsConfig, parseArgs } from 'node:util';
import { FlowError } from '@flowops/core';
import { didYouMean } from './did-you-mean';

export function usageError(message: string, usage: string): FlowError {
  return new FlowError({ code: 'FLOW_USAGE', message, hint: `usage: ${usage.split('\n')[0]}` });
}

export function parse<O extends NonNullable<ParseArgsConfig['options']>>(argv: string[], options: O, usage: string) {
  try {
    return parseArgs({ args: argv, options, allowPositionals: true, strict: true });
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err);
    // a mistyped flag: name the closest one this command has
    const unknown = /Unknown option '--([^']+)'/.exec(message)?.[1];
    throw usageError(unknown ? `${message.split('.')[0]}.${didYouMean(unknown, Object.keys(options), '--')}` : message, usage);
  }
}

/**
 * The output options of a command that prints data: `--format <f>` and `--json`, the alias of
 * `--format json`. Spread into the command's `parse` options and read back with {@link formatOf}.
 */
export const FORMAT_OPTIONS = { format: { type: 'string' }, json: { type: 'boolean' } } as const;

/**
 * The output format from `--format` or `--json` (the first of `allowed` when neither is given),
 * checked against the formats a command renders (FLOW_USAGE otherwise, and when `--json`
 * contradicts `--format`).
 */
export function formatOf<T extends string>(values: { format?: string; json?: boolean }, allowed: readonly T[], usage: string): T {
  const value = values.json === true ? (values.format ?? 'json') : (values.format ?? allowed[0]);
  if (values.json === true && value !== 'json') throw usageError(`--json means --format json; drop --json or --format ${value}`, usage);
  if (value !== undefined && (allowed as readonly string[]).includes(value)) return value as T;
  throw usageError(`unknown --format "${value}" (expected ${allowed.join(', ')})`, usage);
}
