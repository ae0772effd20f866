/**
 * `--format json`: `{ workflows: [{ name, version, hash, file, steps }], diagnostics: [...] }`,
 * plus `checked: { rechecked, cached }` when the caller knows it (`flowops check`).
 * @module
 */
import type { CompiledWorkflow } from '../compile';
import type { Diagnostic } from '../diagnostic';
import type { CheckStats } from './pretty';

export interface JsonReport {
  workflows: { name: string; version: string; hash: string; file: string; steps: number }[];
  diagnostics: Diagnostic[];
  /** Workflows re-checked in this run and answered from the on-disk cache. */
  checked?: CheckStats;
}

export function toJsonReport(workflows: CompiledWorkflow[], diagnostics: Diagnostic[], stats?: CheckStats): JsonReport {
  return {
    workflows: workflows.map((w) => ({ name: w.name, version: w.version, hash: w.hash, file: w.file, steps: w.steps })),
    diagnostics: diagnostics.map((d) => ({
      code: d.code,
      severity: d.severity,
      message: d.message,
      hint: d.hint,
      file: d.file,
      line: d.line,
      column: d.column,
      workflow: d.workflow,
      step: d.step,
    })),
    ...(stats ? { checked: { rechecked: stats.rechecked, cached: stats.cached } } : {}),
  };
}

export function formatJson(workflows: CompiledWorkflow[], diagnostics: Diagnostic[], stats?: CheckStats): string {
  return `${JSON.stringify(toJsonReport(workflows, diagnostics, stats), null, 2)}\n`;
}
