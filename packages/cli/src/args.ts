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

/** `--format` checked against the formats a command renders (FLOW_USAGE otherwise). */
export function formatOf<T extends string>(value: string | undefined, allowed: readonly T[], usage: string): T {
  if (value !== undefined && (allowed as readonly string[]).includes(value)) return value as T;
  throw usageError(`unknown --format "${value}" (expected ${allowed.join(', ')})`, usage);
}
