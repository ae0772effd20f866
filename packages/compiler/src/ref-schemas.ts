/**
 * References and conditions against schemas, for YAML and TypeScript alike: a reference into a
 * step's output is followed through the plugin's output schema (`steps.fetch.output.stauts` is
 * FLOW_INVALID_REFERENCE with a did-you-mean), one into `input` through the input schema; a
 * comparison whose operands have different JSON types (a number output with a string) is
 * FLOW_INVALID_CONDITION.
 * @module
 */
import { type Condition, type Reference, type Workflow, parseValueString } from '@flowops/core';
import type { Catalog } from './catalog';
import { lookupAction } from './check-plugins';
import type { Report } from './context';
import type { IrPath } from './locator';
import { nearest } from '@flowops/core';
import { actionSchema, followPath, type JsonSchema, jsonType } from './plugin-schemas';
import { walkWithPaths } from './walk';

/** What references can be resolved against: action steps' output schemas, the input schema. */
export interface RefSchemas {
  outputs: Map<string, { schema: JsonSchema; uses: string }>;
  input: JsonSchema | null;
}

export function refSchemas(ir: Workflow, catalog: Catalog | undefined): RefSchemas {
  const outputs = new Map<string, { schema: JsonSchema; uses: string }>();
  if (catalog) {
    for (const { step } of walkWithPaths(ir.steps)) {
      if (step.type !== 'action') continue;
      const found = lookupAction(catalog, step.uses);
      const schema = found.ok ? actionSchema(found.action, 'output') : null;
      if (schema) outputs.set(step.id, { schema, uses: step.uses });
    }
  }
  const input = ir.input && typeof ir.input === 'object' ? (ir.input as JsonSchema) : null;
  return { outputs, input };
}

/** The schema a reference leads to, or a failure naming the missing key. */
function resolve(ref: Reference, schemas: RefSchemas): ReturnType<typeof followPath> & { base?: string } {
  if (ref.root === 'steps' && ref.field === 'output' && ref.stepId !== undefined) {
    const out = schemas.outputs.get(ref.stepId);
    if (!out) return { ok: true, schema: undefined };
    return { ...followPath(out.schema, ref.path), base: `steps.${ref.stepId}.output` };
  }
  if (ref.root === 'input' && schemas.input) return { ...followPath(schemas.input, ref.path), base: 'input' };
  return { ok: true, schema: undefined };
}

function joinPath(base: string, path: readonly (string | number)[]): string {
  return path.reduce<string>((acc, seg) => (typeof seg === 'number' ? `${acc}[${seg}]` : `${acc}.${seg}`), base);
}

/** Report a reference whose path the output (or input) schema does not have. */
export function checkRefPath(ref: Reference, path: IrPath, step: string | undefined, prefix: string, schemas: RefSchemas, report: Report): void {
  const r = resolve(ref, schemas);
  if (r.ok || !r.base) return;
  // The input's top-level fields are checked with the other scope rules (did-you-mean there).
  if (ref.root === 'input' && r.at === 0) return;
  const guess = nearest(r.key, r.known);
  const where = joinPath(r.base, ref.path.slice(0, r.at));
  const what = ref.root === 'steps' ? `the output of ${schemas.outputs.get(ref.stepId ?? '')?.uses ?? 'the step'}` : 'the input schema';
  report({
    code: 'FLOW_INVALID_REFERENCE',
    message: `${prefix}{{ ${ref.text} }} reads "${r.key}", which ${what} does not have at ${where}`,
    hint: `${guess ? `did you mean "${joinPath(where, [guess])}"? ` : ''}fields there: ${r.known.join(', ') || '(none)'}`,
    path,
    step,
  });
}

type JsonKind = NonNullable<ReturnType<typeof jsonType>>;

function operandType(value: unknown, schemas: RefSchemas): { kind: JsonKind; text: string } | undefined {
  if (typeof value === 'string' && value.includes('{{')) {
    const parsed = parseValueString(value);
    if (!parsed.ok || parsed.value.kind !== 'ref')
      return parsed.ok && parsed.value.kind === 'template' ? { kind: 'string', text: JSON.stringify(value) } : undefined;
    const r = resolve(parsed.value.ref, schemas);
    const kind = r.ok ? jsonType(r.schema) : undefined;
    return kind ? { kind, text: parsed.value.ref.text } : undefined;
  }
  if (value === null) return undefined; // null compares with anything (a missing value)
  const t = Array.isArray(value) ? 'array' : typeof value;
  return t === 'string' || t === 'number' || t === 'boolean' || t === 'array' || t === 'object' ? { kind: t, text: JSON.stringify(value) } : undefined;
}

const COMPARISONS = new Set(['eq', 'ne', 'gt', 'gte', 'lt', 'lte']);

/** Comparisons whose two operands have known, different JSON types. */
export function checkOperandTypes(c: Condition, path: IrPath, step: string, schemas: RefSchemas, report: Report): void {
  const cond = c as { op: string; left?: unknown; right?: unknown; conditions?: Condition[]; condition?: Condition };
  if (cond.op === 'and' || cond.op === 'or')
    return cond.conditions?.forEach((sub, i) => checkOperandTypes(sub, [...path, 'conditions', i], step, schemas, report));
  if (cond.op === 'not' && cond.condition) return checkOperandTypes(cond.condition, [...path, 'condition'], step, schemas, report);
  if (!COMPARISONS.has(cond.op)) return;
  const left = operandType(cond.left, schemas);
  const right = operandType(cond.right, schemas);
  if (!left || !right || left.kind === right.kind) return;
  report({
    code: 'FLOW_INVALID_CONDITION',
    message: `step "${step}": the condition compares ${left.text} (a ${left.kind}) with ${right.text} (a ${right.kind})`,
    hint: `compare ${left.text} with a ${left.kind} (a number without quotes, e.g. 200 not "200"), or compare a field of type ${right.kind}`,
    path,
    step,
  });
}
