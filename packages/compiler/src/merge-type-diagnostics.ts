/**
 * One diagnostic per mistake when the type checker and the compiler's own checks both see it.
 * A TypeScript error on the same line as a compiler diagnostic about the same thing (a plugin
 * input, a reference, a condition) is dropped: the compiler's is the more precise (its code is
 * the one YAML workflows get, it names the step and has a did-you-mean); when that one only says
 * zod's "Invalid input", TypeScript's explanation is added to it. A syntax error is reported once
 * (see `withoutDuplicateSyntaxErrors`). The remaining TypeScript errors get `step` when their
 * position is inside a step.
 * @module
 */
import { readFileSync } from 'node:fs';
import type { WorkflowUnit } from './context';
import type { Diagnostic } from './diagnostic';
import type { WorkflowSource } from './discover';
import { stepAtPosition } from './ts-locator';

const TWINS = new Set(['FLOW_PLUGIN_INPUT', 'FLOW_INVALID_REFERENCE', 'FLOW_INVALID_CONDITION', 'FLOW_SCHEMA_INVALID']);
const SYNTAX = /\(TS1\d{3}\)$/;

/** The type checker's diagnostics for `source`, merged into `diagnostics` (the compiler's so far). */
export function mergeTypeDiagnostics(diagnostics: Diagnostic[], source: WorkflowSource, unit: WorkflowUnit | undefined, typed: Diagnostic[]): void {
  const ours = diagnostics.filter((d) => d.file === source.relFile);
  const syntaxFailed = ours.some((d) => d.code === 'FLOW_LOAD_ERROR' && d.message.startsWith('syntax error'));
  let text: string | undefined;
  for (const d of typed) {
    // A syntax error the module load reported (with esbuild's message, line and column).
    if (syntaxFailed && SYNTAX.test(d.message)) continue;
    const twin = ours.find((o) => o.line === d.line && o.severity === 'error' && TWINS.has(o.code));
    if (twin) {
      if (/: Invalid input$/.test(twin.message)) twin.message += ` (TypeScript: ${d.message.replace(/ \(TS\d+\)$/, '')})`;
      continue;
    }
    let step = d.step;
    if (step === null && unit) {
      text ??= readFileSync(source.file, 'utf8');
      step = stepAtPosition(source.file, text, unit.ir, d) ?? null;
    }
    diagnostics.push({ ...d, step, workflow: d.workflow ?? unit?.ir.name ?? source.nameHint });
  }
}
