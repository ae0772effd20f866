/**
 * A compiler diagnostic as the report carries it (annotations, the comment's diagnostics table).
 * @module
 */
import type { Diagnostic } from '@flowops/compiler';
import type { ReportDiagnostic } from './types';

export function toReportDiagnostic(d: Diagnostic): ReportDiagnostic {
  return {
    code: d.code,
    severity: d.severity === 'error' ? 'error' : d.severity === 'warning' ? 'warning' : 'info',
    message: d.message,
    ...(d.hint ? { hint: d.hint } : {}),
    ...(d.file ? { file: d.file } : {}),
    ...(d.line ? { line: d.line } : {}),
    ...(d.column ? { column: d.column } : {}),
    ...(d.workflow ? { workflow: d.workflow } : {}),
    ...(d.step ? { step: d.step } : {}),
  };
}
