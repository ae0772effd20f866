/**
 * `flowops graph <workflow> [--format mermaid|json]`: the step graph of one workflow, by name
 * or by path, as a Mermaid flowchart (core's `workflowToMermaid`) or JSON nodes and edges.
 * @module
 */
import { existsSync } from 'node:fs';
import { FlowError, workflowToMermaid } from '@flowops/core';
import { type CompiledWorkflow, checkWorkflows, discoverWorkflows, formatReport, hasErrors, stepGraph } from '@flowops/compiler';
import { FORMAT_OPTIONS, formatOf, parse, usageError } from '../args';
import { findRepoRoot } from '../config';

export const name = 'graph';
export const summary = 'Print the step graph of a workflow (Mermaid or JSON)';
/** `--format` values (the first is the default; `--json` is `--format json`). */
export const formats = ['mermaid', 'json'] as const;
export const usage = `flowops graph <workflow> [--format mermaid|json] [--json]

  <workflow> is a workflow name or the path of its directory.`;

export async function run(argv: string[]): Promise<number> {
  const { values, positionals } = parse(argv, { ...FORMAT_OPTIONS, help: { type: 'boolean', short: 'h' } }, usage);
  if (values.help) {
    process.stdout.write(`${usage}\n`);
    return 0;
  }
  const format = formatOf(values, formats, usage);
  const [target, ...extra] = positionals;
  if (!target || extra.length > 0) throw usageError('give exactly one workflow name or path', usage);
  const root = findRepoRoot();
  const sources = discoverWorkflows({ root });
  const byHint = sources.filter((s) => s.nameHint === target || s.dir.endsWith(`/${target}`));
  const paths = byHint.length > 0 ? byHint.map((s) => s.dir) : existsSync(target) ? [target] : [];
  const result = await checkWorkflows({ root, paths, typecheck: false });
  const workflow: CompiledWorkflow | undefined =
    result.workflows.find((w) => w.name === target) ?? (paths.length > 0 && result.workflows.length === 1 ? result.workflows[0] : undefined);
  if (!workflow) {
    if (hasErrors(result.diagnostics)) process.stderr.write(formatReport('pretty', result.workflows, result.diagnostics, { root }));
    throw new FlowError({
      code: 'FLOW_UNKNOWN_WORKFLOW',
      message: `no workflow named "${target}" could be compiled`,
      hint: `pick one of: ${sources.map((s) => s.nameHint).join(', ') || '(no workflows under workflows/)'}`,
    });
  }
  process.stdout.write(format === 'json' ? `${JSON.stringify(stepGraph(workflow.ir), null, 2)}\n` : `${workflowToMermaid(workflow.ir)}\n`);
  return 0;
}
