/** `--format json`: `{ workflows: [{ name, version, hash, file, steps }], diagnostics: [...] }`. @module */
import type { CompiledWorkflow } from '../compile';
import type { Diagnostic } from '../diagnostic';

export interface JsonReport {
  workflows: { name: string; version: string; hash: string; file: string; steps: number }[];
  diagnostics: Diagnostic[];
}

export function toJsonReport(workflows: CompiledWorkflow[], diagnostics: Diagnostic[]): JsonReport {
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
  };
}

export function formatJson(workflows: CompiledWorkflow[], diagnostics: Diagnostic[]): string {
  return `${JSON.stringify(toJsonReport(workflows, diagnostics), null, 2)}\n`;
}
