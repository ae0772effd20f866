/**
 * From a parsed `workflow.yaml` to a raw IR: `apiVersion`/`kind` default, `version` from
 * package.json, `type: action` implied by `uses`, `effect` filled from the plugin catalog, and
 * textual conditions (`if: "steps.check.output.status == 200"`) parsed to structured ones;
 * top-level `x-…` keys (anchors for merge keys, `<<: *anchor`) are dropped.
 * @module
 */
import { API_VERSION, parseUses } from '@flowops/core';
import type { Catalog } from './catalog';
import type { Report } from './context';
import type { IrPath } from './locator';
import { parseConditionText } from './conditions';

type Obj = Record<string, unknown>;

const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

export function normalizeYaml(raw: unknown, version: string, catalog: Catalog, report: Report): Obj | undefined {
  if (!isObj(raw)) {
    report({
      code: 'FLOW_SCHEMA_INVALID',
      message: 'workflow.yaml must be a mapping with name, owner and steps',
      hint: 'start the file with `name: my-workflow`',
    });
    return undefined;
  }
  // Top-level `x-…` keys hold anchors for merge keys (`x-http: &http …`, then `<<: *http`).
  const own = Object.fromEntries(Object.entries(raw).filter(([k]) => !k.startsWith('x-')));
  const ir: Obj = { apiVersion: API_VERSION, kind: 'Workflow', ...own, version };
  if (ir.input === undefined) ir.input = { type: 'object', properties: {} };
  if (Array.isArray(ir.steps)) ir.steps = normalizeSteps(ir.steps, ['steps'], catalog, report);
  return ir;
}

function effectOf(catalog: Catalog, uses: unknown): 'read' | 'write' {
  const parsed = typeof uses === 'string' ? parseUses(uses) : undefined;
  const action = parsed ? catalog.plugins.get(parsed.plugin)?.actions[parsed.action] : undefined;
  // Unknown plugins are reported by the catalog check; assume the worst meanwhile.
  return action?.effect ?? 'write';
}

function normalizeCondition(value: unknown, path: IrPath, report: Report, step: string | undefined): unknown {
  if (typeof value !== 'string') return value;
  const parsed = parseConditionText(value);
  if (parsed.ok) return parsed.value;
  for (const issue of parsed.issues) {
    report({ code: 'FLOW_INVALID_CONDITION', message: `${step ? `step "${step}": ` : ''}${issue.message}`, hint: issue.hint, path, step });
  }
  return undefined;
}

function normalizeSteps(steps: unknown[], base: IrPath, catalog: Catalog, report: Report): unknown[] {
  return steps.map((s, i) => {
    if (!isObj(s)) return s;
    const path = [...base, i];
    const step: Obj = { ...s };
    const id = typeof step.id === 'string' ? step.id : undefined;
    if (step.type === undefined && step.uses !== undefined) step.type = 'action';
    if (step.type === 'action' && step.effect === undefined) step.effect = effectOf(catalog, step.uses);
    if (isObj(step.compensate) && step.compensate.effect === undefined) {
      step.compensate = { ...step.compensate, effect: effectOf(catalog, step.compensate.uses) };
    }
    if (step.if !== undefined) {
      const c = normalizeCondition(step.if, [...path, 'if'], report, id);
      if (c === undefined) delete step.if;
      else step.if = c;
    }
    if (step.type === 'when' && step.condition !== undefined) {
      const c = normalizeCondition(step.condition, [...path, 'condition'], report, id);
      step.condition = c ?? { op: 'exists', ref: 'input' };
    }
    for (const key of ['steps', 'then', 'else'] as const) {
      if (Array.isArray(step[key])) step[key] = normalizeSteps(step[key] as unknown[], [...path, key], catalog, report);
    }
    return step;
  });
}
