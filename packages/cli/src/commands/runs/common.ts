/**
 * What every `flowops runs <sub>` shares: `--env`, `--format`/`--json`, `--help`, connecting to
 * the environment's Temporal and printing JSON or text.
 * @module
 */
import type { Client } from '@temporalio/client';
import { FORMAT_OPTIONS, formatOf, parse, usageError } from '../../args';
import { type RuntimeEnv, connectClient, resolveRuntimeEnv } from '../../runtime/connect';

/** A `flowops runs` subcommand: one file in `src/commands/runs/`, one line in `runs/index.ts`. */
export interface RunsSubcommand {
  name: string;
  summary: string;
  usage: string;
  run(argv: string[]): Promise<number>;
}

/** `--format` values of every runs subcommand. */
export const RUNS_FORMATS = ['pretty', 'json'] as const;

/** Options every subcommand parses. */
export const COMMON_OPTIONS = { env: { type: 'string', default: 'local' }, ...FORMAT_OPTIONS, help: { type: 'boolean', short: 'h' } } as const;

/** Run `fn` with a client of the environment; the connection is closed afterwards. */
export async function withClient<T>(envName: string, fn: (client: Client, renv: RuntimeEnv) => Promise<T>): Promise<T> {
  const renv = await resolveRuntimeEnv(envName);
  const { client, connection } = await connectClient(renv);
  try {
    return await fn(client, renv);
  } finally {
    await connection.close();
  }
}

/** Print `data` as JSON, or `text` (a function, so nothing is rendered for JSON). */
export function print(json: boolean, data: unknown, text: () => string): void {
  process.stdout.write(json ? `${JSON.stringify(data, null, 2)}\n` : text());
}

/** Who started a re-run (the TriggeredBy search attribute), as `flowops run` records it. */
export function actor(): string | undefined {
  return process.env.GITHUB_ACTOR ?? process.env.USER;
}

/**
 * The arguments of a subcommand that acts on one run (`show`, `cancel`, `retry`): `--help` printed
 * (undefined returned), else the environment, JSON or not, and the run id (a usage error without one).
 */
export function runIdArgs(argv: string[], usage: string, missing = 'which run? pass its id'): { env: string; json: boolean; id: string } | undefined {
  const { values, positionals } = parse(argv, COMMON_OPTIONS, usage);
  if (values.help) {
    process.stdout.write(`${usage}\n`);
    return undefined;
  }
  const json = formatOf(values, RUNS_FORMATS, usage) === 'json';
  const id = positionals[0];
  if (!id) throw usageError(missing, usage);
  return { env: values.env, json, id };
}
