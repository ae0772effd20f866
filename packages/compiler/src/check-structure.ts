/**
 * Structure checks: duplicate step ids within a workflow, and the repository-wide ones —
 * duplicate workflow names and `call` steps naming a workflow that does not exist.
 * @module
 */
import type { Workflow } from '@flowops/core';
import { formatPath, reporter, type Report, type WorkflowUnit } from './context';
import type { IrPath, Locator } from './locator';
import type { Diagnostic } from './diagnostic';
import { nearest } from '@flowops/core';
import { walkWithPaths } from './walk';

/** Reports duplicate step ids; returns true when there were none. */
export function checkDuplicateSteps(ir: Workflow, report: Report, locator?: Locator): boolean {
  let unique = true;
  const first = new Map<string, { index: number; path: IrPath }>();
  let index = 0;
  for (const { step, path } of walkWithPaths(ir.steps)) {
    index++;
    const seen = first.get(step.id);
    if (seen === undefined) {
      first.set(step.id, { index, path });
      continue;
    }
    unique = false;
    // Reported at the later occurrence, with a pointer to the first.
    const at = locator?.locate([...seen.path, 'id']);
    report({
      code: 'FLOW_DUPLICATE_STEP',
      message: `step id "${step.id}" is used more than once in workflow "${ir.name}" (step #${seen.index} and step #${index}); the first "${step.id}" is at ${at ? `line ${at.line}, column ${at.column}` : formatPath(seen.path)}`,
      hint: `rename one of them; step ids must be unique within a workflow (references use steps.${step.id}.output)`,
      path: [...path, 'id'],
      step: step.id,
    });
  }
  return unique;
}

export function checkRepository(units: WorkflowUnit[], known: Set<string>, out: Diagnostic[]): void {
  const byName = new Map<string, WorkflowUnit[]>();
  for (const u of units) byName.set(u.ir.name, [...(byName.get(u.ir.name) ?? []), u]);
  for (const [name, group] of byName) {
    if (group.length < 2) continue;
    for (const u of group) {
      const others = group.filter((g) => g !== u).map((g) => g.source.relFile);
      reporter(
        out,
        u.source,
        u.locator,
        name,
      )({
        code: 'FLOW_DUPLICATE_NAME',
        message: `workflow name "${name}" is also used by ${others.join(', ')}`,
        hint: 'workflow names are unique in the repository (they identify the workflow in the registry); rename one',
        path: ['name'],
      });
    }
  }
  for (const u of units) {
    const report = reporter(out, u.source, u.locator, u.ir.name);
    for (const { step, path } of walkWithPaths(u.ir.steps)) {
      if (step.type !== 'call' || known.has(step.workflow)) continue;
      const guess = nearest(step.workflow, known);
      report({
        code: 'FLOW_UNKNOWN_WORKFLOW',
        message: `step "${step.id}" calls workflow "${step.workflow}", which is not in this repository`,
        hint: `${guess ? `did you mean "${guess}"? ` : ''}call one of the workflows under workflows/, or add "${step.workflow}" there`,
        path: [...path, 'workflow'],
        step: step.id,
      });
    }
  }
}
