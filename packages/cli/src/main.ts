/**
 * `flowops <command> [options]`: dispatch to `src/commands/<verb>.ts`. The top-level catch maps
 * FlowError to "message — To fix: … [CODE]" on stderr with exit 1, usage errors to exit 2 with
 * the usage text, and never prints a stack trace unless FLOWOPS_DEBUG=1. `--help`, `--version` and
 * usage errors load nothing but this file, the command registry and did-you-mean: each command
 * module (and @flowops/core, zod, Temporal's SDK…) is imported only when that command runs.
 * @module
 */
import type { FlowError } from '@flowops/core';
import { COMMANDS } from './commands/index';
import { didYouMean } from './did-you-mean';

/** Top-level usage. Lists verbs without importing their modules (some load Temporal's SDK). */
export async function usageText(): Promise<string> {
  const verbs = Object.keys(COMMANDS);
  return [
    'Usage: flowops <command> [options]',
    '',
    `Commands: ${verbs.join(', ')}`,
    '',
    'Run `flowops <command> --help` for what a command does and its options.',
  ].join('\n');
}

export async function main(argv: string[]): Promise<number> {
  const [verb, ...rest] = argv;
  if (verb === 'help' && rest[0] !== undefined) {
    // `flowops help <command>`: that command's usage
    const target = COMMANDS[rest[0]];
    if (!target) {
      process.stderr.write(`flowops: unknown command "${rest[0]}".${didYouMean(rest[0], Object.keys(COMMANDS))} [FLOW_USAGE]\n`);
      return 2;
    }
    process.stdout.write(`${(await target()).usage}\n`);
    return 0;
  }
  if (verb === undefined || verb === '--help' || verb === '-h' || verb === 'help') {
    const text = await usageText();
    if (verb === undefined) {
      process.stderr.write(`${text}\n`);
      return 2;
    }
    process.stdout.write(`${text}\n`);
    return 0;
  }
  if (verb === '--version' || verb === '-v') {
    process.stdout.write('flowops 0.1.0\n');
    return 0;
  }
  const load = COMMANDS[verb];
  if (!load) {
    process.stderr.write(`flowops: unknown command "${verb}".${didYouMean(verb, Object.keys(COMMANDS))} [FLOW_USAGE]\n\n${await usageText()}\n`);
    return 2;
  }
  let usage = '';
  try {
    const command = await load();
    usage = command.usage;
    return await command.run(rest);
  } catch (err) {
    if (process.env.FLOWOPS_DEBUG === '1' && err instanceof Error) process.stderr.write(`${err.stack}\n`);
    if (err instanceof Error && err.name === 'FlowError' && 'issues' in err) {
      const { formatIssue } = await import('@flowops/core');
      const issues = (err as FlowError).issues;
      for (const issue of issues) process.stderr.write(`flowops ${verb}: ${formatIssue(issue)}\n`);
      if ((err as FlowError).code === 'FLOW_USAGE') {
        if (usage) process.stderr.write(`\nUsage: ${usage}\n`);
        return 2;
      }
      return 1;
    }
    const message = err instanceof Error ? err.message.split('\n')[0] : String(err);
    process.stderr.write(`flowops ${verb}: unexpected error: ${message} — To fix: re-run with FLOWOPS_DEBUG=1 for details and report it [FLOW_INTERNAL]\n`);
    return 1;
  }
}
