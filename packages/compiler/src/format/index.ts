/** Output formats of `flowops check`. @module */
import type { CompiledWorkflow } from '../compile';
import type { Diagnostic } from '../diagnostic';
import { formatGithub } from './github';
import { formatJson } from './json';
import { type CheckStats, formatPretty } from './pretty';
import { formatSarif } from './sarif';

export const FORMATS = ['pretty', 'json', 'github', 'sarif'] as const;
export type Format = (typeof FORMATS)[number];

export function isFormat(s: string): s is Format {
  return (FORMATS as readonly string[]).includes(s);
}

export function formatReport(
  format: Format,
  workflows: CompiledWorkflow[],
  diagnostics: Diagnostic[],
  options: { root: string; color?: boolean; stats?: CheckStats | undefined },
): string {
  switch (format) {
    case 'json':
      return formatJson(workflows, diagnostics, options.stats);
    case 'github':
      return formatGithub(diagnostics);
    case 'sarif':
      return formatSarif(diagnostics);
    default:
      return formatPretty(workflows, diagnostics, options);
  }
}

export { type CheckStats, codeFrame, formatPretty } from './pretty';
export { escapeData, escapeProperty, formatGithub } from './github';
export { formatJson } from './json';
export { toSarif } from './sarif';
