/**
 * `--format pretty`: per diagnostic a header, a code frame around the line, "To fix: …", and a
 * summary line. Colours (picocolors) only when the stream is a TTY.
 * @module
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { createColors } from 'picocolors';
import type { CompiledWorkflow } from '../compile';
import type { Diagnostic } from '../diagnostic';
import { maskSecretShapes, maskValuesAt } from '../secret-shapes';

export interface PrettyOptions {
  root: string;
  color?: boolean;
  /** Lines of context around the offending line. */
  context?: number;
  /** How many workflows were re-checked and how many came from the cache (shown after the summary). */
  stats?: CheckStats | undefined;
}

/** Re-checked vs cached workflows of one `flowops check` (compile.ts's `CheckResult`). */
export interface CheckStats {
  rechecked: number;
  cached: number;
}

export function codeFrame(text: string, line: number, column: number, context = 2, color = createColors(false)): string {
  const lines = text.split(/\r?\n/);
  const start = Math.max(1, line - context);
  const end = Math.min(lines.length, line + context);
  const width = String(end).length;
  const out: string[] = [];
  for (let n = start; n <= end; n++) {
    const mark = n === line ? color.red('>') : ' ';
    const num = String(n).padStart(width);
    // Never echo a secret the source holds: anything shaped like one is masked.
    out.push(`${mark} ${color.dim(`${num} |`)} ${maskSecretShapes(lines[n - 1] ?? '')}`);
    if (n === line) out.push(`  ${' '.repeat(width)} ${color.dim('|')} ${' '.repeat(Math.max(0, column - 1))}${color.red('^')}`);
  }
  return out.join('\n');
}

export function formatPretty(workflows: CompiledWorkflow[], diagnostics: Diagnostic[], options: PrettyOptions): string {
  const c = createColors(options.color ?? false);
  const texts = new Map<string, string | undefined>();
  const read = (file: string) => {
    if (!texts.has(file)) {
      try {
        texts.set(file, readFileSync(path.join(options.root, file), 'utf8'));
      } catch {
        texts.set(file, undefined);
      }
    }
    return texts.get(file);
  };
  const blocks: string[] = [];
  for (const d of diagnostics) {
    const sev = d.severity === 'error' ? c.red(c.bold('error')) : c.yellow(c.bold('warning'));
    const where = c.cyan(`${d.file}:${d.line}:${d.column}`);
    const lines = [`${where} ${sev} ${c.bold(d.code)}${d.workflow ? c.dim(` (${d.workflow}${d.step ? ` › ${d.step}` : ''})`) : ''}`, `  ${d.message}`];
    const text = read(d.file);
    // …and the values reported as hard-coded secrets in this file, whichever diagnostic's frame shows them.
    const sites = diagnostics.filter((x) => x.file === d.file && x.code === 'FLOW_HARDCODED_SECRET');
    const shown = text === undefined ? undefined : maskValuesAt(text, sites);
    if (shown !== undefined) lines.push('', codeFrame(shown, d.line, d.column, options.context ?? 2, c).replace(/^/gm, '  '));
    if (d.hint) lines.push('', `  ${c.green('To fix:')} ${d.hint}`);
    blocks.push(lines.join('\n'));
  }
  const errors = diagnostics.filter((d) => d.severity === 'error').length;
  const warnings = diagnostics.length - errors;
  const count = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;
  const summary =
    errors > 0
      ? c.red(`✖ ${count(workflows.length, 'workflow')} checked: ${count(errors, 'error')}, ${count(warnings, 'warning')}`)
      : warnings > 0
        ? c.yellow(`⚠ ${count(workflows.length, 'workflow')} checked: ${count(warnings, 'warning')}`)
        : c.green(`✔ ${count(workflows.length, 'workflow')} checked: no problems`);
  const stats = options.stats && options.stats.cached > 0 ? c.dim(` (${options.stats.rechecked} re-checked, ${options.stats.cached} from cache)`) : '';
  return `${[...blocks, summary + stats].join('\n\n')}\n`;
}
