/**
 * The runs in flight of the changed workflows, per environment, as one Markdown section for the
 * sticky comment and the check run summary. Pure.
 * @module
 */
import type { EnvPlan } from '../report/types';
import { table } from './markdown';

/** "Runs in flight" (empty when no changed workflow has a running run). */
export function renderInFlight(plans: readonly EnvPlan[]): string {
  const rows: string[][] = [];
  let versioned = false;
  for (const plan of plans) {
    for (const r of plan.rows) {
      for (const g of r.inFlight?.groups ?? []) {
        if (g.workerBuild !== 'unversioned') versioned = true;
        rows.push([plan.env, r.workflow, g.definitionVersion, g.workerBuild, String(g.count), g.oldestStart]);
      }
    }
  }
  if (rows.length === 0) return '';
  return [
    '### Runs in flight',
    '',
    table(['env', 'workflow', 'definition', 'worker build', 'runs', 'oldest start'], rows),
    '',
    `They finish on the definition they started with${versioned ? ' and stay pinned to their worker version' : ''}; new runs use the published version.`,
  ].join('\n');
}
