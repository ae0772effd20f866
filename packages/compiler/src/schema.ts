/**
 * Validate a raw IR against the zod `Workflow` schema. One diagnostic per issue, with its
 * path; step-id issues become FLOW_INVALID_STEP_ID, owner issues FLOW_MISSING_OWNER.
 * @module
 */
import { StepKind, Workflow } from '@flowops/core';
import type { z } from 'zod';
import { formatPath, type Report } from './context';
import type { IrPath } from './locator';

export function validateSchema(raw: unknown, report: Report): Workflow | undefined {
  const parsed = Workflow.safeParse(raw);
  if (parsed.success) {
    if (parsed.data.owner.trim() === '') {
      report({ code: 'FLOW_MISSING_OWNER', message: `workflow "${parsed.data.name}" has an empty owner`, hint: OWNER_HINT, path: ['owner'] });
      return undefined;
    }
    return parsed.data;
  }
  for (const issue of parsed.error.issues) reportIssue(raw, issue, report);
  return undefined;
}

const OWNER_HINT = 'add `owner: "@org/team"` (the team or person accountable for this workflow)';

function valueAt(raw: unknown, path: IrPath): unknown {
  let node = raw;
  for (const seg of path) {
    if (node === null || typeof node !== 'object') return undefined;
    node = (node as Record<string | number, unknown>)[seg];
  }
  return node;
}

function stepIdAt(raw: unknown, path: IrPath): string | undefined {
  for (let n = path.length; n > 0; n--) {
    const v = valueAt(raw, path.slice(0, n));
    if (v && typeof v === 'object' && typeof (v as { id?: unknown }).id === 'string' && path.slice(0, n).includes('steps')) {
      return (v as { id: string }).id;
    }
  }
  return undefined;
}

function reportIssue(raw: unknown, issue: z.core.$ZodIssue, report: Report): void {
  const path = issue.path.filter((p): p is string | number => typeof p !== 'symbol');
  const step = stepIdAt(raw, path);
  const last = path[path.length - 1];
  if (path.length === 1 && last === 'owner') {
    report({ code: 'FLOW_MISSING_OWNER', message: 'workflow has no owner', hint: OWNER_HINT, path });
    return;
  }
  if (last === 'id' && path.includes('steps')) {
    const id = valueAt(raw, path);
    report({
      code: 'FLOW_INVALID_STEP_ID',
      message: `step id ${JSON.stringify(id)} is not kebab-case`,
      hint: 'use lowercase letters, digits and single dashes, e.g. "fetch-user"',
      path,
      step: typeof id === 'string' ? id : undefined,
    });
    return;
  }
  if (issue.code === 'invalid_union') {
    const value = valueAt(raw, path);
    const type = value && typeof value === 'object' ? (value as { type?: unknown }).type : undefined;
    if (path.includes('steps') && !StepKind.safeParse(type).success) {
      report({
        code: 'FLOW_SCHEMA_INVALID',
        message: `${formatPath(path)}: unknown step type ${JSON.stringify(type)}`,
        hint: `set "type" to one of ${StepKind.options.join(', ')}`,
        path,
        step,
      });
      return;
    }
  }
  report({
    code: 'FLOW_SCHEMA_INVALID',
    message: `${formatPath(path)}: ${issue.message}`,
    hint: hintFor(issue),
    path,
    step,
  });
}

function hintFor(issue: z.core.$ZodIssue): string {
  if (issue.code === 'unrecognized_keys') return `remove ${issue.keys.map((k) => `"${k}"`).join(', ')} (not part of flowops/v1)`;
  return 'fix the field to match the flowops/v1 schema (see packages/core/src/ir.ts)';
}
