/**
 * `flowops check`: FLOW_ENV_UNDEFINED for every `env('NAME')` a workflow references that no
 * environment of flowops.config.ts defines (the rule is `undefinedEnvReferences` in @flowops/sdk;
 * this file places each at the line of the reference in the workflow's source).
 * @module
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { type CompiledWorkflow, type Diagnostic, diagnostic } from '@flowops/compiler';
import { type FlowopsConfig, undefinedEnvReferences } from '@flowops/sdk';

/** 1-based line/column of the first `env('NAME')` / `env.NAME` in `source` (line 1 when not found). */
export function envReferencePosition(source: string, name: string): { line: number; column: number } {
  const re = new RegExp(`env\\(\\s*['"\`]${name}['"\`]\\s*\\)|env\\.${name}\\b`);
  const lines = source.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const m = re.exec(lines[i]!);
    if (m) return { line: i + 1, column: m.index + 1 };
  }
  return { line: 1, column: 1 };
}

/** FLOW_ENV_UNDEFINED diagnostics of `workflows` against the config's environments. */
export function envReferenceDiagnostics(root: string, config: Pick<FlowopsConfig, 'environments'>, workflows: readonly CompiledWorkflow[]): Diagnostic[] {
  const out: Diagnostic[] = [];
  for (const w of workflows) {
    const issues = undefinedEnvReferences(config, w.ir);
    if (issues.length === 0) continue;
    let source = '';
    try {
      source = readFileSync(join(root, w.file), 'utf8');
    } catch {
      // position falls back to line 1
    }
    for (const issue of issues) {
      const name = issue.path?.replace(/^env\./, '') ?? '';
      out.push(
        diagnostic({ code: issue.code, message: issue.message, hint: issue.hint, file: w.file, pos: envReferencePosition(source, name), workflow: w.name }),
      );
    }
  }
  return out;
}
