/**
 * `flowops dry-run <workflow> --env <env> …`: run the local definition (compiled now, not the
 * published one) with `read` actions for real, `write` actions simulated, approvals
 * auto-approved and sleeps skipped; waits for the result and prints the trace.
 * @module
 */
import { runCommand } from './run';

export const name = 'dry-run';
export const summary = 'Dry-run the local definition of a workflow (writes simulated)';
export const usage = `flowops dry-run <workflow> [--env local] [--input file.json] [key=value …] [--json]

  Runs the definition in this checkout: reads run for real, writes are simulated by their
  plugin's dryRun handler, approvals auto-approve, sleeps are skipped.`;

export function run(argv: string[]): Promise<number> {
  return runCommand(argv, { dryRun: true, wait: true }, usage);
}

export default { name, summary, usage, run };
