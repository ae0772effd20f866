/**
 * @flowops/gitops' answers as the report's shapes: a plan as `EnvPlan` rows, a drift report as
 * `DriftRow`s, a changed workflow as a `ChangedWorkflow`. The one conversion: `/flowops plan`, the
 * App's PR report and the report CI hands over (`flowops dry-run --changed --report`) all use it.
 * @module
 */
import type { ChangedEntry, ComparedDiagnostic, ComparedWorkflow, DriftReport, Plan } from '@flowops/gitops';
import type { ChangedWorkflow, DriftRow, EnvPlan, PlanRow } from './types';

/** A plan as the report's rows: every entry but unchanged ones without missing plugins, statuses as the plan has them. */
export function planRows(plan: Plan): EnvPlan {
  const rows: PlanRow[] = [];
  for (const e of plan.entries) {
    if (e.status === 'unchanged' && e.missingPlugins.length === 0) continue;
    const from = e.cluster?.active ?? undefined;
    const to = e.git?.version;
    const detail = e.missingPlugins.length > 0 ? `no worker serves ${e.missingPlugins.join(', ')}` : (e.drift ?? e.blocked?.message);
    rows.push({
      workflow: e.name,
      status: e.status,
      ...(from ? { from } : {}),
      ...(to ? { to } : {}),
      ...(detail ? { detail } : {}),
      ...(e.missingPlugins.length > 0 ? { missingPlugins: e.missingPlugins } : {}),
      ...(e.inFlight && e.inFlight.total > 0 ? { inFlight: e.inFlight } : {}),
    });
  }
  return { env: plan.environment, rows };
}

/** A drift report's items as drift rows of environment `env`. */
export function driftRows(env: string, report: DriftReport): DriftRow[] {
  return report.items.map((i) => ({
    env,
    workflow: i.name,
    kind: i.kind,
    ...(i.git ? { git: i.git } : {}),
    ...(i.cluster ? { cluster: i.cluster } : {}),
    detail: i.detail,
  }));
}

/** A changed workflow (`changedBetween`) as the report carries it: IRs at the head and the base, step changes. */
export function changedWorkflow(c: ChangedEntry<ComparedWorkflow, ComparedDiagnostic>): ChangedWorkflow {
  return {
    name: c.name,
    version: c.version,
    change: c.change,
    ...(c.head ? { ir: c.head.ir } : {}),
    ...(c.baseIr ? { baseIr: c.baseIr } : {}),
    ...(c.steps ? { steps: c.steps } : {}),
  };
}
