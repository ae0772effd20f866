/**
 * References and the DAG: every `{{ … }}` in with/if/items/condition/compensate/output parses;
 * `steps.X` names an ancestor of the reading step (or, for the workflow output, any step);
 * `item`/`index` appear inside a forEach; `input.<field>` exists in the input schema;
 * `dependsOn` names existing steps; no cycles (FLOW_CYCLE); conditions are valid.
 * @module
 */
import { type Condition, type FlowIssue, type Reference, type Step, type Workflow, existsRefText, parseReference, parseValueString } from '@flowops/core';
import { validateConditionIssues } from './conditions';
import type { Catalog } from './catalog';
import type { Report } from './context';
import { buildDag, type Dag } from './dag';
import type { IrPath } from './locator';
import { nearest } from '@flowops/core';
import { checkOperandTypes, checkRefPath, type RefSchemas, refSchemas } from './ref-schemas';
import { walkWithPaths } from './walk';

interface Found {
  ref?: Reference;
  issues?: FlowIssue[];
  path: IrPath;
}

function collectValue(value: unknown, path: IrPath, out: Found[]): void {
  if (typeof value === 'string') {
    if (!value.includes('{{')) return;
    const parsed = parseValueString(value);
    if (!parsed.ok) out.push({ issues: parsed.issues, path });
    else if (parsed.value.kind === 'ref') out.push({ ref: parsed.value.ref, path });
    else if (parsed.value.kind === 'template') for (const p of parsed.value.parts) if (typeof p !== 'string') out.push({ ref: p, path });
  } else if (Array.isArray(value)) value.forEach((v, i) => collectValue(v, [...path, i], out));
  else if (value && typeof value === 'object') for (const [k, v] of Object.entries(value)) collectValue(v, [...path, k], out);
}

function collectCondition(c: Condition, path: IrPath, out: Found[]): void {
  switch (c.op) {
    case 'and':
    case 'or':
      c.conditions.forEach((sub, i) => collectCondition(sub, [...path, 'conditions', i], out));
      return;
    case 'not':
      collectCondition(c.condition, [...path, 'condition'], out);
      return;
    case 'exists': {
      const r = parseReference(existsRefText(c.ref));
      out.push(r.ok ? { ref: r.value, path: [...path, 'ref'] } : { issues: r.issues, path: [...path, 'ref'] });
      return;
    }
    default:
      collectValue(c.left, [...path, 'left'], out);
      collectValue(c.right, [...path, 'right'], out);
  }
}

function inputFields(ir: Workflow): Set<string> | undefined {
  const props = (ir.input as { properties?: unknown }).properties;
  if (!props || typeof props !== 'object') return undefined;
  if ((ir.input as { additionalProperties?: unknown }).additionalProperties === true) return undefined;
  return new Set(Object.keys(props));
}

interface Scope {
  /** The reading step (undefined for the workflow output). */
  step?: Step;
  inForEach: boolean;
  /** `as` names of the enclosing forEach loops (`{{ <as>.field }}` reads that loop's item). */
  loops?: string[];
  /** Enclosing steps of every step id (to explain out-of-scope references). */
  parents?: Map<string, Step[]>;
}

/**
 * Why a step cannot read another that is inside a group it is not in: a forEach body (it runs once
 * per item) or a branch of a when (it may not run). dependsOn cannot help there (it names siblings).
 */
function outOfScope(target: string, reader: string, parents: Map<string, Step[]> | undefined): { what: string; hint: string } | undefined {
  const mine = new Set((parents?.get(reader) ?? []).map((p) => p.id));
  const theirs = (parents?.get(target) ?? []).filter((p) => !mine.has(p.id) && p.id !== reader);
  const loop = theirs.find((p) => p.type === 'forEach');
  if (loop) {
    return {
      what: `runs once per item inside forEach "${loop.id}" ("${reader}" is outside that loop)`,
      hint: `read the loop's result instead: steps.${loop.id}.output is a list with one entry per item (e.g. steps.${loop.id}.output[0].${target}), or move "${reader}" into the forEach body`,
    };
  }
  // Both inside the same when, in different branches: only one of them runs.
  const shared = (parents?.get(target) ?? []).filter((p) => mine.has(p.id) && p.type === 'when');
  for (const w of shared) {
    if (w.type !== 'when') continue;
    const inThen = (id: string) => [...walkWithPaths(w.then)].some((x) => x.step.id === id);
    if (inThen(target) !== inThen(reader)) {
      return {
        what: `is in the other branch of when "${w.id}", so it never runs when "${reader}" does`,
        hint: `a branch can only read steps before the when or in its own branch; read steps.${w.id}.output.${target} after the when (absent when the other branch ran), or move "${reader}" into the same branch`,
      };
    }
  }
  const branch = theirs.find((p) => p.type === 'when');
  if (branch) {
    return {
      what: `is inside a branch of when "${branch.id}" that "${reader}" is not in, so it may not run`,
      hint: `read the when's result after it: steps.${branch.id}.output.${target} (absent when the other branch ran; steps.${branch.id}.output.branch says which), or move "${reader}" into the same branch`,
    };
  }
  return undefined;
}

export function checkReferences(ir: Workflow, report: Report, catalog?: Catalog): void {
  const dag = buildDag(ir.steps);
  const fields = inputFields(ir);
  const schemas = refSchemas(ir, catalog);
  const checkFound = (found: Found[], scope: Scope) => {
    for (const f of found) {
      const stepId = scope.step?.id;
      const prefix = stepId ? `step "${stepId}": ` : 'output: ';
      for (const issue of f.issues ?? []) {
        report({ code: 'FLOW_INVALID_REFERENCE', message: `${prefix}${issue.message}`, hint: issue.hint, path: f.path, step: stepId });
      }
      if (f.ref && checkRef(f.ref, f.path, scope, prefix, dag, fields, report)) checkRefPath(f.ref, f.path, stepId, prefix, schemas, report);
    }
  };
  const parentsOf = new Map([...walkWithPaths(ir.steps)].map((w) => [w.step.id, w.parents] as const));
  for (const { step, path, parents } of walkWithPaths(ir.steps)) {
    const inForEach = parents.some((p) => p.type === 'forEach');
    const loops = parents.flatMap((p) => (p.type === 'forEach' && p.as !== undefined ? [p.as] : []));
    const found: Found[] = [];
    if (step.if) {
      collectCondition(step.if, [...path, 'if'], found);
      conditionIssues(step.if, [...path, 'if'], step.id, report, schemas);
    }
    if (step.type === 'action') {
      collectValue(step.with, [...path, 'with'], found);
      if (step.compensate) collectValue(step.compensate.with, [...path, 'compensate', 'with'], found);
    }
    if (step.type === 'call') collectValue(step.with, [...path, 'with'], found);
    if (step.type === 'approval') collectValue(step.message, [...path, 'message'], found);
    if (step.type === 'when') {
      collectCondition(step.condition, [...path, 'condition'], found);
      conditionIssues(step.condition, [...path, 'condition'], step.id, report, schemas);
    }
    checkFound(found, { step, inForEach, loops, parents: parentsOf });
    if (step.type === 'forEach') {
      const items: Found[] = [];
      collectValue(step.items, [...path, 'items'], items);
      checkFound(items, { step, inForEach, loops, parents: parentsOf });
    }
  }
  if (ir.output) {
    const found: Found[] = [];
    collectValue(ir.output, ['output'], found);
    checkFound(found, { inForEach: false });
  }
  for (const u of dag.unknownDeps) {
    const guess = dag.ids.has(u.dep) ? undefined : nearest(u.dep, dag.ids);
    const at = [...walkWithPaths(ir.steps)].find((w) => w.step.id === u.step);
    report({
      code: 'FLOW_INVALID_REFERENCE',
      message: u.message,
      hint: guess ? `did you mean "${guess}"? ${u.hint}` : u.hint,
      path: at ? [...at.path, 'dependsOn', u.index] : [],
      step: u.step,
    });
  }
  const cycle = dag.cycle();
  if (cycle) {
    const at = [...walkWithPaths(ir.steps)].find((w) => w.step.id === cycle[0]);
    report({
      code: 'FLOW_CYCLE',
      message: `steps depend on each other in a cycle: ${cycle.join(' → ')}`,
      hint: 'remove one of these dependsOn entries so the steps form a DAG',
      path: at ? [...at.path, 'dependsOn'] : [],
      step: cycle[0],
    });
  }
}

function conditionIssues(c: Condition, path: IrPath, step: string, report: Report, schemas?: RefSchemas): void {
  for (const issue of validateConditionIssues(c)) {
    report({ code: 'FLOW_INVALID_CONDITION', message: `step "${step}": ${issue.message}`, hint: issue.hint, path, step });
  }
  if (schemas) checkOperandTypes(c, path, step, schemas, report);
}

/** Scope checks of one reference; false when it was reported. */
function checkRef(ref: Reference, path: IrPath, scope: Scope, prefix: string, dag: Dag, fields: Set<string> | undefined, report: Report): boolean {
  const step = scope.step?.id;
  let ok = true;
  const fail = (message: string, hint: string) => {
    ok = false;
    report({ code: 'FLOW_INVALID_REFERENCE', message: prefix + message, hint, path, step });
  };
  if (ref.root === 'steps' && ref.stepId !== undefined) {
    if (!dag.ids.has(ref.stepId)) {
      const guess = nearest(ref.stepId, dag.ids);
      fail(
        `{{ ${ref.text} }} names step "${ref.stepId}", which does not exist`,
        guess ? `did you mean "steps.${guess}"?` : 'reference a step of this workflow',
      );
    } else if (step !== undefined && (ref.stepId === step || !dag.ancestors(step).has(ref.stepId))) {
      const why = outOfScope(ref.stepId, step, scope.parents);
      fail(
        `{{ ${ref.text} }} reads step "${ref.stepId}", which ${why?.what ?? `has not finished when "${step}" runs`}`,
        why?.hint ?? `make "${step}" run after "${ref.stepId}" (dependsOn: ["${ref.stepId}"]) or reference an earlier step`,
      );
    }
  } else if (ref.root === 'item' && ref.loop !== undefined && !scope.loops?.includes(ref.loop)) {
    const names = scope.loops ?? [];
    const guess = nearest(ref.loop, new Set(names));
    fail(
      `{{ ${ref.text} }} starts with "${ref.loop}", which is neither a reference root nor the \`as\` name of an enclosing forEach`,
      guess
        ? `did you mean "${guess}"?`
        : `give an enclosing forEach \`as: '${ref.loop}'\` to read its item, or start with input, steps, env, secret, item or index${names.length ? ` (loop names here: ${names.join(', ')})` : ''}`,
    );
  } else if ((ref.root === 'item' || ref.root === 'index') && !scope.inForEach) {
    fail(`{{ ${ref.text} }} is only defined inside a forEach`, 'move the step into a forEach, or reference input/steps instead');
  } else if (ref.root === 'input' && fields && typeof ref.path[0] === 'string' && !fields.has(ref.path[0])) {
    const guess = nearest(ref.path[0], fields);
    fail(
      `{{ ${ref.text} }} reads input field "${ref.path[0]}", which the input schema does not declare`,
      guess ? `did you mean "input.${guess}"?` : `add "${ref.path[0]}" to the input schema (fields: ${[...fields].join(', ') || 'none'})`,
    );
  }
  return ok;
}
