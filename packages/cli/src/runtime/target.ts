/**
 * Which definition a run uses: a compiled IR JSON file (`path/to/ir.json`), or a workflow of the
 * repository by name or path, compiled on the spot with @flowops/compiler. Every other compiled
 * workflow is passed along as a possible `call` target (`childIrs`).
 * @module
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { FlowError, Workflow } from '@flowops/core';
import { checkWorkflows, formatReport } from '@flowops/compiler';

export interface Target {
  ir: Workflow;
  childIrs: Record<string, Workflow>;
}

export async function loadTarget(arg: string, root: string, opts: { typecheck?: boolean } = {}): Promise<Target> {
  if (arg.endsWith('.json') && existsSync(arg)) {
    const parsed = Workflow.safeParse(JSON.parse(readFileSync(arg, 'utf8')));
    if (!parsed.success) {
      throw new FlowError({
        code: 'FLOW_SCHEMA_INVALID',
        message: `${arg} is not a flowops/v1 IR: ${parsed.error.issues[0]?.message}`,
        hint: 'produce it with `flowops compile`',
      });
    }
    return { ir: parsed.data, childIrs: {} };
  }
  const result = await checkWorkflows({ root, typecheck: opts.typecheck ?? false });
  const abs = path.resolve(arg);
  const match = result.workflows.find((w) => w.name === arg || path.resolve(root, w.file) === abs || path.resolve(root, path.dirname(w.file)) === abs);
  const name = match?.name ?? path.basename(arg.replace(/\/workflow\.(ts|ya?ml)$/, ''));
  const errors = result.diagnostics.filter((d) => d.severity === 'error' && (d.workflow === name || d.workflow === null));
  if (errors.length > 0) {
    process.stderr.write(formatReport('pretty', result.workflows, errors, { root, color: process.stderr.isTTY === true }));
    throw new FlowError({
      code: errors[0]!.code,
      message: `${name} does not compile (${errors.length} error${errors.length === 1 ? '' : 's'})`,
      hint: 'fix the errors above (`flowops check`)',
    });
  }
  if (!match) {
    const known = result.workflows.map((w) => w.name).join(', ') || 'none';
    throw new FlowError({
      code: 'FLOW_UNKNOWN_WORKFLOW',
      message: `no workflow "${arg}" in ${path.join(root, 'workflows')} (known: ${known})`,
      hint: 'pass a workflow name, its directory, or an IR .json file',
    });
  }
  const childIrs: Record<string, Workflow> = {};
  for (const w of result.workflows) {
    childIrs[`${w.name}@${w.version}`] = w.ir;
    childIrs[w.name] = w.ir;
  }
  return { ir: match.ir, childIrs };
}

/** `workflows/deploy`, `workflows/deploy/workflow.ts` or `deploy` → `deploy`. */
export function workflowNameOf(arg: string): string {
  const trimmed = arg.replace(/\/+$/, '').replace(/\/workflow\.(ts|ya?ml)$/, '');
  return trimmed.split('/').pop() ?? trimmed;
}
