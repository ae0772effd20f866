/**
 * `flowops replay --env E [--workflow <name>] [--since 7d] [--limit N] [--format pretty|json]`:
 * download recent interpreter histories from the environment (payloads decoded by its codec) and
 * replay them against this checkout's interpreter. Exit 1 when any history does not replay: a
 * worker built from this code would fail those runs with a non-determinism error unless it ships
 * as a new worker version (runs stay pinned to the old one).
 * @module
 */
import { type ReplayOutcome, parseSince, recentHistories, replayHistories } from '@flowops/runtime';
import { FORMAT_OPTIONS, formatOf, parse, usageError } from '../args';
import { connectClient, resolveRuntimeEnv } from '../runtime/connect';

export const name = 'replay';
export const summary = 'Replay recent runs of an environment against the local interpreter';
/** `--format` values (the first is the default; `--json` is `--format json`). */
export const formats = ['pretty', 'json'] as const;
export const usage = 'flowops replay [--env local] [--workflow <name>] [--since 7d] [--limit 100] [--format pretty|json] [--json]';

/** Per flowops workflow: runs replayed, failures, and the first failure. */
export interface ReplayRow {
  workflow: string;
  replayed: number;
  failures: number;
  firstFailure: { workflowId: string; runId: string; message: string } | undefined;
}

/** Group outcomes by workflow name, in first-seen order. */
export function replayRows(outcomes: ReplayOutcome[]): ReplayRow[] {
  const rows = new Map<string, ReplayRow>();
  for (const o of outcomes) {
    const row = rows.get(o.name) ?? { workflow: o.name, replayed: 0, failures: 0, firstFailure: undefined };
    row.replayed++;
    if (!o.ok) {
      row.failures++;
      row.firstFailure ??= { workflowId: o.workflowId, runId: o.runId, message: o.message ?? 'replay failed' };
    }
    rows.set(o.name, row);
  }
  return [...rows.values()];
}

/** The rows as a terminal table. */
export function renderReplay(rows: ReplayRow[], env: string): string {
  if (rows.length === 0) return `no interpreter runs to replay on ${env}\n`;
  const width = Math.max(8, ...rows.map((r) => r.workflow.length));
  const out = [`${'workflow'.padEnd(width)}  replayed  failures  first failure`];
  for (const r of rows) {
    const first = r.firstFailure ? `${r.firstFailure.workflowId}: ${r.firstFailure.message}` : '';
    out.push(`${r.workflow.padEnd(width)}  ${String(r.replayed).padStart(8)}  ${String(r.failures).padStart(8)}  ${first}`);
  }
  const failed = rows.reduce((n, r) => n + r.failures, 0);
  const total = rows.reduce((n, r) => n + r.replayed, 0);
  out.push(
    '',
    failed === 0
      ? `all ${total} run(s) replay on this interpreter`
      : `${failed} of ${total} run(s) do not replay on this interpreter: ship it as a new worker version (runs stay pinned) or guard the change with patched()`,
  );
  return `${out.join('\n')}\n`;
}

export async function run(argv: string[]): Promise<number> {
  const { values } = parse(
    argv,
    {
      env: { type: 'string', default: 'local' },
      workflow: { type: 'string' },
      since: { type: 'string', default: '7d' },
      limit: { type: 'string', default: '100' },
      ...FORMAT_OPTIONS,
      help: { type: 'boolean', short: 'h' },
    },
    usage,
  );
  if (values.help) {
    process.stdout.write(`${usage}\n`);
    return 0;
  }
  const format = formatOf(values, formats, usage);
  const sinceMs = parseSince(values.since ?? '7d');
  if (sinceMs === undefined) throw usageError(`--since "${values.since}" is not a duration like 30m, 12h or 7d`, usage);
  const limit = Number(values.limit);
  if (!Number.isInteger(limit) || limit < 1) throw usageError(`--limit "${values.limit}" is not a positive integer`, usage);
  const renv = await resolveRuntimeEnv(values.env ?? 'local');
  const { client, connection } = await connectClient(renv);
  let outcomes: ReplayOutcome[];
  try {
    outcomes = await replayHistories(recentHistories(client, { workflow: values.workflow, sinceMs, limit }), {
      dataConverter: renv.dataConverter,
      ...(process.env.FLOWOPS_REPLAY_WORKFLOWS_PATH ? { workflowBundle: await fixtureBundle(process.env.FLOWOPS_REPLAY_WORKFLOWS_PATH) } : {}),
    });
  } finally {
    await connection.close();
  }
  const rows = replayRows(outcomes);
  const failures = outcomes.filter((o) => !o.ok).length;
  process.stdout.write(
    format === 'json'
      ? `${JSON.stringify({ env: renv.env.name, replayed: outcomes.length, failures, workflows: rows }, null, 2)}\n`
      : renderReplay(rows, renv.env.name),
  );
  return failures === 0 ? 0 : 1;
}

/** Another interpreter entry (tests: the deliberately incompatible fixture). */
async function fixtureBundle(workflowsPath: string) {
  const { bundleWorkflowCode } = await import('@temporalio/worker');
  const noop = () => {};
  return bundleWorkflowCode({ workflowsPath, logger: { log: noop, trace: noop, debug: noop, info: noop, warn: noop, error: noop } });
}

export default { name, summary, usage, formats, run };
