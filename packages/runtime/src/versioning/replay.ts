/**
 * Replaying interpreter histories against a workflow bundle (the local interpreter by default):
 * the replay gate over the committed corpus and `flowops replay` over a cluster's recent runs.
 * A history replays cleanly when the code issues the same commands as the history recorded;
 * otherwise the outcome names the first mismatching command from Temporal's determinism error.
 * @module
 */
import type { Client, HistoryAndWorkflowId } from '@temporalio/client';
import type { DataConverter } from '@temporalio/common';
import type { WorkflowBundle } from '@temporalio/worker';
import { workflowMetricsWorkerOptions } from '../metrics/workflow-metrics';
import { interpreterBundle } from '../worker/bundle';

/** The outcome of replaying one history. */
export interface ReplayOutcome {
  /** A name for the history: the corpus file name, or the flowops workflow of the run. */
  name: string;
  workflowId: string;
  runId: string;
  ok: boolean;
  /** `nondeterminism` (the code issues other commands) or `error` (replay could not run). */
  failure?: 'nondeterminism' | 'error' | undefined;
  /** First line of the error, naming the first mismatching command. */
  message?: string | undefined;
}

/** A history with a display name (a corpus file, or the run's flowops workflow). */
export interface NamedHistory extends HistoryAndWorkflowId {
  name: string;
}

/** The first line of a determinism error that says which command did not match. */
export function firstMismatch(message: string): string {
  const core = /Nondeterminism error: (.*?)", source/s.exec(message);
  if (core?.[1]) return `Nondeterminism error: ${core[1]}`.slice(0, 500);
  const lines = message
    .split('\n')
    .map((l) => l.trim())
    .filter(Boolean);
  return (lines.find((l) => /nondetermin|does not match|doesn't match|mismatch/i.test(l)) ?? lines[0] ?? message).slice(0, 500);
}

/**
 * Replay histories with `Worker.runReplayHistories`; one outcome per history, in order.
 * `workflowBundle` defaults to the current interpreter bundle.
 */
export async function replayHistories(
  histories: Iterable<NamedHistory> | AsyncIterable<NamedHistory>,
  o: { workflowBundle?: WorkflowBundle | undefined; dataConverter?: DataConverter | undefined } = {},
): Promise<ReplayOutcome[]> {
  const { Worker } = await import('@temporalio/worker');
  const workflowBundle = o.workflowBundle ?? (await interpreterBundle(o.dataConverter?.failureConverterPath));
  const names = new Map<string, string>();
  async function* tracked(): AsyncIterable<HistoryAndWorkflowId> {
    for await (const h of histories) {
      names.set(h.workflowId, h.name);
      yield { workflowId: h.workflowId, history: h.history };
    }
  }
  const outcomes: ReplayOutcome[] = [];
  const results = Worker.runReplayHistories(
    {
      workflowBundle,
      ...(o.dataConverter ? { dataConverter: o.dataConverter } : {}),
      replayName: 'flowops-replay',
      // the interpreter's metrics sink, as a no-op (a replay records nothing)
      sinks: workflowMetricsWorkerOptions(undefined).sinks,
    },
    tracked(),
  );
  for await (const r of results) {
    const name = names.get(r.workflowId) ?? r.workflowId;
    if (!r.error) {
      outcomes.push({ name, workflowId: r.workflowId, runId: r.runId, ok: true });
      continue;
    }
    const nondeterminism = r.error.name === 'DeterminismViolationError' || /nondetermin/i.test(r.error.message);
    outcomes.push({
      name,
      workflowId: r.workflowId,
      runId: r.runId,
      ok: false,
      failure: nondeterminism ? 'nondeterminism' : 'error',
      message: firstMismatch(r.error.message),
    });
  }
  return outcomes;
}

/** Parse a duration like `7d`, `12h`, `30m` into milliseconds (undefined when malformed). */
export function parseSince(text: string): number | undefined {
  const m = /^(\d+)([smhd])$/.exec(text.trim());
  if (!m) return undefined;
  const unit = { s: 1_000, m: 60_000, h: 3_600_000, d: 86_400_000 }[m[2] as 's' | 'm' | 'h' | 'd'];
  return Number(m[1]) * unit;
}

/**
 * Recent interpreter runs of a cluster as named histories (newest first, at most `limit`),
 * optionally of one flowops workflow. Payloads stay encoded: replay decodes them with the
 * environment's data converter.
 */
export async function* recentHistories(
  client: Client,
  o: { workflow?: string | undefined; sinceMs: number; limit: number; now?: number },
): AsyncIterable<NamedHistory> {
  const since = new Date((o.now ?? Date.now()) - o.sinceMs).toISOString();
  const query = [`WorkflowType="flowopsInterpreter"`, `StartTime > "${since}"`, ...(o.workflow ? [`FlowName="${o.workflow.replace(/"/g, '')}"`] : [])].join(
    ' AND ',
  );
  let n = 0;
  for await (const run of client.workflow.list({ query })) {
    if (n >= o.limit) return;
    n++;
    const flowName = run.searchAttributes?.FlowName?.[0];
    const history = await client.workflow.getHandle(run.workflowId, run.runId).fetchHistory();
    yield { name: typeof flowName === 'string' ? flowName : '(unnamed)', workflowId: run.workflowId, history };
  }
}
