/**
 * The compiler's diagnostic: a public product surface (CLI output, GitHub annotations, SARIF).
 * Positions are 1-based; `file` is relative to the repository root with forward slashes.
 * @module
 */
import { COMPILER_WARNING_CODES, type FlowCode } from '@flowops/core';

export type Severity = 'error' | 'warning';

export interface Diagnostic {
  code: FlowCode;
  severity: Severity;
  /** What happened (no "To fix"). */
  message: string;
  /** How to fix it, without the "To fix: " prefix. */
  hint: string | null;
  file: string;
  line: number;
  column: number;
  workflow: string | null;
  step: string | null;
}

/** A 1-based source position. */
export interface Position {
  line: number;
  column: number;
}

export const START: Position = { line: 1, column: 1 };

const WARNINGS = new Set<string>(COMPILER_WARNING_CODES);

export function severityOf(code: FlowCode): Severity {
  return WARNINGS.has(code) ? 'warning' : 'error';
}

export interface DiagnosticInit {
  code: FlowCode;
  message: string;
  hint?: string | undefined;
  file: string;
  pos?: Position | undefined;
  workflow?: string | undefined;
  step?: string | undefined;
}

/** The hint of every FLOW_TYPE_ERROR (either type-check engine). */
export const TYPE_ERROR_HINT = 'fix the type error; the workflow must type-check against @flowops/sdk and the plugin contracts';

export function diagnostic(init: DiagnosticInit): Diagnostic {
  const pos = init.pos ?? START;
  return {
    code: init.code,
    severity: severityOf(init.code),
    message: init.message,
    hint: init.hint ?? null,
    file: init.file,
    line: pos.line,
    column: pos.column,
    workflow: init.workflow ?? null,
    step: init.step ?? null,
  };
}

/** Stable order: file, line, column, code. */
export function sortDiagnostics(diagnostics: Diagnostic[]): Diagnostic[] {
  return [...diagnostics].sort((a, b) => a.file.localeCompare(b.file) || a.line - b.line || a.column - b.column || a.code.localeCompare(b.code));
}

export function hasErrors(diagnostics: Diagnostic[]): boolean {
  return diagnostics.some((d) => d.severity === 'error');
}
