/**
 * `flowops runs <list|show|cancel|retry|redrive|delete|retention> …`: operating runs from the
 * command line. Dispatches to `src/commands/runs/<sub>.ts`; the rules live in @flowops/runtime.
 * @module
 */
import { FORMAT_OPTIONS, formatOf, parse, usageError } from '../args';
import { didYouMean } from '../did-you-mean';
import { RUNS_FORMATS } from './runs/common';
import { RUNS_SUBCOMMANDS } from './runs/index';

export const name = 'runs';
export const summary = 'List, inspect, cancel, retry, redrive and delete runs; show retention';
/** `--format` values (the first is the default; `--json` is `--format json`). */
export const formats = RUNS_FORMATS;
export const usage = `flowops runs <${Object.keys(RUNS_SUBCOMMANDS).join('|')}> [options] [--env local] [--format pretty|json] [--json]

  Run \`flowops runs <subcommand> --help\` for its options.`;

export async function run(argv: string[]): Promise<number> {
  const [sub, ...rest] = argv;
  const load = sub === undefined ? undefined : RUNS_SUBCOMMANDS[sub];
  if (load) return (await load()).run(rest);
  if (sub !== undefined && !sub.startsWith('-')) {
    throw usageError(`unknown subcommand "${sub}".${didYouMean(sub, Object.keys(RUNS_SUBCOMMANDS))}`, usage);
  }
  const { values } = parse(argv, { ...FORMAT_OPTIONS, env: { type: 'string' }, help: { type: 'boolean', short: 'h' } }, usage);
  formatOf(values, formats, usage);
  if (values.help) {
    process.stdout.write(`${usage}\n`);
    return 0;
  }
  throw usageError(`which subcommand? one of ${Object.keys(RUNS_SUBCOMMANDS).join(', ')}`, usage);
}

export default { name, summary, usage, formats, run };
