/**
 * The semantic diff of two versions of one workflow, as plan shows it: steps added, removed
 * and changed (which fields), retry and timeout changes, plugin (`uses`) changes, new `write`
 * effects, input schema changes (breaking or not), trigger and other top-level changes.
 * Pure and sandbox-safe.
 * @module
 */
import { withoutDerived } from '../hash';
import { type Step, type Workflow, walkSteps } from '../ir';
import { deepEqual } from './deep-equal';
import { type InputChange, diffInputSchema } from './input-schema-diff';

export interface StepChange {
  id: string;
  /** Changed fields, e.g. `with`, `retry`, `timeout`, `uses`, `type`, `dependsOn`, `steps` (children). */
  fields: string[];
}

export interface SettingChange<T> {
  /** Step id, or `(defaults)` for workflow-level defaults. */
  step: string;
  before: T | undefined;
  after: T | undefined;
}

export interface WorkflowDiff {
  name: string;
  from: string;
  to: string;
  steps: { added: string[]; removed: string[]; changed: StepChange[] };
  retry: SettingChange<unknown>[];
  timeouts: SettingChange<string>[];
  plugins: { added: string[]; removed: string[] };
  /** Steps (or compensations, `<id>.compensate`) that write and did not before. */
  newWriteEffects: string[];
  input: { changes: InputChange[]; breaking: boolean };
  triggersChanged: boolean;
  /** Other top-level fields that changed: owner, description, output, defaults.onError. */
  other: string[];
  /** True when nothing but the version differs. */
  empty: boolean;
}

const CHILD_KEYS = new Set(['steps', 'then', 'else']);

function index(ir: Workflow): Map<string, Step> {
  const m = new Map<string, Step>();
  for (const { step } of walkSteps(ir.steps)) m.set(step.id, step);
  return m;
}

function childIds(step: Step): unknown {
  const s = step as Record<string, unknown>;
  const ids = (v: unknown): unknown => (Array.isArray(v) ? v.map((x) => (x as Step).id) : v);
  return { steps: ids(s.steps), then: ids(s.then), else: ids(s.else) };
}

function changedFields(before: Step, after: Step): string[] {
  const b = before as Record<string, unknown>;
  const a = after as Record<string, unknown>;
  const keys = [...new Set([...Object.keys(b), ...Object.keys(a)])].filter((k) => !CHILD_KEYS.has(k));
  const fields = keys.filter((k) => !deepEqual(b[k], a[k]));
  if (!deepEqual(childIds(before), childIds(after))) fields.push('steps');
  return fields.sort();
}

function uses(steps: Map<string, Step>): Set<string> {
  const out = new Set<string>();
  for (const s of steps.values()) {
    if (s.type !== 'action') continue;
    out.add(s.uses);
    if (s.compensate) out.add(s.compensate.uses);
  }
  return out;
}

function writes(steps: Map<string, Step>): Set<string> {
  const out = new Set<string>();
  for (const s of steps.values()) {
    if (s.type !== 'action') continue;
    if (s.effect === 'write') out.add(s.id);
    if (s.compensate?.effect === 'write') out.add(`${s.id}.compensate`);
  }
  return out;
}

/** Compare `before` (what the cluster runs) with `after` (what git has). */
export function diffWorkflows(before: Workflow, after: Workflow): WorkflowDiff {
  const b = index(withoutDerived(before));
  const a = index(withoutDerived(after));
  const added = [...a.keys()].filter((id) => !b.has(id));
  const removed = [...b.keys()].filter((id) => !a.has(id));
  const changed: StepChange[] = [];
  const retry: SettingChange<unknown>[] = [];
  const timeouts: SettingChange<string>[] = [];
  for (const [id, as] of a) {
    const bs = b.get(id);
    if (!bs) continue;
    const fields = changedFields(bs, as);
    if (fields.length === 0) continue;
    changed.push({ id, fields });
    const br = (bs as { retry?: unknown }).retry;
    const ar = (as as { retry?: unknown }).retry;
    if (fields.includes('retry')) retry.push({ step: id, before: br, after: ar });
    if (fields.includes('timeout')) timeouts.push({ step: id, before: bs.timeout, after: as.timeout });
  }
  if (!deepEqual(before.defaults?.retry, after.defaults?.retry))
    retry.push({ step: '(defaults)', before: before.defaults?.retry, after: after.defaults?.retry });
  if (before.defaults?.timeout !== after.defaults?.timeout)
    timeouts.push({ step: '(defaults)', before: before.defaults?.timeout, after: after.defaults?.timeout });

  const bu = uses(b);
  const au = uses(a);
  const bw = writes(b);
  const inputChanges = diffInputSchema(before.input, after.input);
  const other = (['owner', 'description', 'output'] as const).filter((k) => !deepEqual(before[k], after[k])) as string[];
  if (before.defaults?.onError !== after.defaults?.onError) other.push('defaults.onError');
  const triggersChanged = !deepEqual(before.triggers, after.triggers);
  const diff: WorkflowDiff = {
    name: after.name,
    from: before.version,
    to: after.version,
    steps: { added, removed, changed },
    retry,
    timeouts,
    plugins: { added: [...au].filter((u) => !bu.has(u)).sort(), removed: [...bu].filter((u) => !au.has(u)).sort() },
    newWriteEffects: [...writes(a)].filter((id) => !bw.has(id)),
    input: { changes: inputChanges, breaking: inputChanges.some((c) => c.breaking) },
    triggersChanged,
    other,
    empty: false,
  };
  diff.empty = added.length + removed.length + changed.length + retry.length + timeouts.length + inputChanges.length + other.length === 0 && !triggersChanged;
  return diff;
}

/** One line per change, for terminals and Markdown lists. */
export function describeDiff(diff: WorkflowDiff): string[] {
  const lines: string[] = [];
  for (const id of diff.steps.added) lines.push(`+ step ${id}`);
  for (const id of diff.steps.removed) lines.push(`- step ${id}`);
  for (const c of diff.steps.changed) lines.push(`~ step ${c.id}: ${c.fields.join(', ')}`);
  const show = (v: unknown): string => (v === undefined ? 'none' : typeof v === 'string' ? v : JSON.stringify(v));
  for (const r of diff.retry) lines.push(`~ retry ${r.step}: ${show(r.before)} → ${show(r.after)}`);
  for (const t of diff.timeouts) lines.push(`~ timeout ${t.step}: ${show(t.before)} → ${show(t.after)}`);
  for (const u of diff.plugins.added) lines.push(`+ plugin ${u}`);
  for (const u of diff.plugins.removed) lines.push(`- plugin ${u}`);
  for (const w of diff.newWriteEffects) lines.push(`! new write effect: ${w}`);
  for (const c of diff.input.changes) lines.push(`${c.breaking ? '! breaking' : '~'} input ${c.path}: ${c.kind}`);
  if (diff.triggersChanged) lines.push('~ triggers');
  for (const o of diff.other) lines.push(`~ ${o}`);
  return lines;
}
