/**
 * Runs in flight per flowops workflow, as the plan and the PR report show them before a change
 * merges: how many, per definition version and worker build, and the oldest start. A run stays on
 * the definition it started with (the IR is its input) and, on versioned workers, on the worker
 * version it started on (PINNED); unversioned runs show build "unversioned".
 * @module
 */
import type { Client } from '@temporalio/client';

/** Runs of one definition version on one worker build. */
export interface InFlightGroup {
  definitionVersion: string;
  /** The worker deployment version's build id, or `unversioned`. */
  workerBuild: string;
  count: number;
  oldestStart: string;
}

/** Running runs of one workflow. */
export interface InFlight {
  total: number;
  oldestStart: string | undefined;
  groups: InFlightGroup[];
  /** True when more runs exist than were read (`limit`). */
  truncated: boolean;
}

const quote = (s: string): string => `"${s.replace(/["\\]/g, '')}"`;

/** Running interpreter runs of the named workflows (at most `limit` read per workflow). */
export async function runsInFlight(client: Client, names: readonly string[], o: { limit?: number } = {}): Promise<Map<string, InFlight>> {
  const limit = o.limit ?? 1000;
  const result = new Map<string, InFlight>();
  await Promise.all(
    names.map(async (name) => {
      const groups = new Map<string, InFlightGroup>();
      let total = 0;
      let truncated = false;
      const query = `WorkflowType="flowopsInterpreter" AND ExecutionStatus="Running" AND FlowName=${quote(name)}`;
      for await (const run of client.workflow.list({ query })) {
        if (total >= limit) {
          truncated = true;
          break;
        }
        total++;
        const version = String(run.searchAttributes?.FlowVersion?.[0] ?? '?');
        const deployment = run.searchAttributes?.TemporalWorkerDeploymentVersion?.[0];
        const build = typeof deployment === 'string' ? deployment.slice(deployment.indexOf(':') + 1) : 'unversioned';
        const start = run.startTime.toISOString();
        const key = `${version}\u0000${build}`;
        const g = groups.get(key) ?? { definitionVersion: version, workerBuild: build, count: 0, oldestStart: start };
        g.count++;
        if (start < g.oldestStart) g.oldestStart = start;
        groups.set(key, g);
      }
      const list = [...groups.values()].sort((a, b) => a.oldestStart.localeCompare(b.oldestStart));
      result.set(name, { total, oldestStart: list[0]?.oldestStart, groups: list, truncated });
    }),
  );
  return result;
}

/** One line per group: `3 on 1.2.0 / build 0.1.0-ab12… since 2026-01-02T03:04:05Z`. */
export function describeInFlight(f: InFlight): string[] {
  if (f.total === 0) return [];
  return [
    `${f.total}${f.truncated ? '+' : ''} run(s) in flight, oldest started ${f.oldestStart}; they finish on their definition${f.groups.some((g) => g.workerBuild !== 'unversioned') ? ' and worker version' : ''}`,
    ...f.groups.map((g) => `  ${g.count} on ${g.definitionVersion} / worker ${g.workerBuild} since ${g.oldestStart}`),
  ];
}
