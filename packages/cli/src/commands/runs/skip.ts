/**
 * `flowops runs skip <run-id> <step> --reason …`: an operator skips a failed `allowSkip` step that
 * waits for a decision; the run goes on with the step's `fallbackOutput`. Who skipped and why is
 * recorded on the step (history and trace), as approvals record their decider.
 * @module
 */
import { skipStep } from '@flowops/runtime';
import { formatOf, parse, usageError } from '../../args';
import { COMMON_OPTIONS, RUNS_FORMATS, actor, print, withClient } from './common';

export const name = 'skip';
export const summary = 'Skip a failed allowSkip step that waits for an operator (the run goes on with its fallbackOutput)';
export const usage = `flowops runs skip <run-id> <step> --reason "<why>" [--by <who>] [--env local] [--format pretty|json] [--json]

  <step>     the waiting step's id (or its key inside a forEach, e.g. load[3].write)
  --reason   why skipping is safe (required; recorded on the step)
  --by       who decides (default: $GITHUB_ACTOR, then $USER)`;

export async function run(argv: string[]): Promise<number> {
  const { values, positionals } = parse(argv, { ...COMMON_OPTIONS, reason: { type: 'string' }, by: { type: 'string' } }, usage);
  if (values.help) {
    process.stdout.write(`${usage}\n`);
    return 0;
  }
  const json = formatOf(values, RUNS_FORMATS, usage) === 'json';
  const [id, stepId] = positionals;
  if (!id || !stepId) throw usageError('which run and step? pass both: flowops runs skip <run-id> <step> --reason "…"', usage);
  const reason = values.reason?.trim();
  if (!reason) throw usageError('a skip needs --reason "<why skipping is safe>" (it is recorded on the step)', usage);
  const by = values.by ?? actor() ?? 'cli';
  const ack = await withClient(values.env, (client) => skipStep(client, id, { stepId, by, reason }));
  print(json, { workflowId: id, ...ack, by, reason }, () => `skipped ${ack.stepId} in ${id} (by ${by}: ${reason}); the run goes on with its fallback output\n`);
  return 0;
}
