/**
 * Reading the shipped dashboard and alert rules (ops/): their PromQL expressions and the series
 * names those use, to check them against what the worker exports (tests, and anyone adding panels).
 * @module
 */

/** Every PromQL expression of a Grafana dashboard (panel targets) and of Prometheus rule groups. */
export function opsExpressions(dashboard: unknown, rules: unknown): string[] {
  const d = dashboard as { panels?: { targets?: { expr?: string }[] }[] } | undefined;
  const r = rules as { groups?: { rules?: { expr?: string }[] }[] } | undefined;
  return [
    ...(d?.panels ?? []).flatMap((p) => (p.targets ?? []).map((t) => t.expr ?? '')),
    ...(r?.groups ?? []).flatMap((g) => (g.rules ?? []).map((x) => x.expr ?? '')),
  ].filter((e) => e.length > 0);
}

/** The `flowops_*` series names the expressions use (sorted, once each). */
export function seriesNames(expressions: string[]): string[] {
  const names = new Set<string>();
  for (const e of expressions) for (const m of e.matchAll(/\b(flowops_[a-z0-9_]+)\b/g)) names.add(m[1]!);
  return [...names].sort();
}
