/**
 * `--format github`: GitHub Actions workflow commands, one per diagnostic:
 * `::error file=…,line=…,col=…,title=CODE::message`. Data escapes %, CR, LF; property values
 * additionally escape `:` and `,` (as @actions/core does).
 * @module
 */
import type { Diagnostic } from '../diagnostic';

export function escapeData(s: string): string {
  return s.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}

export function escapeProperty(s: string): string {
  return escapeData(s).replace(/:/g, '%3A').replace(/,/g, '%2C');
}

export function formatGithub(diagnostics: Diagnostic[]): string {
  return diagnostics
    .map((d) => {
      const props = [`file=${escapeProperty(d.file)}`, `line=${d.line}`, `col=${d.column}`, `title=${escapeProperty(d.code)}`].join(',');
      const body = d.hint ? `${d.message}\nTo fix: ${d.hint}` : d.message;
      return `::${d.severity === 'error' ? 'error' : 'warning'} ${props}::${escapeData(body)}\n`;
    })
    .join('');
}
