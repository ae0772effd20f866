/**
 * A workflow as a Mermaid `flowchart TD` (GitHub renders it in comments and Markdown).
 *
 * Shapes: action `["…"]` (writes `[/"…"/]`), sleep `(["…"])`, approval `{{"…"}}`,
 * call `[["…"]]`; parallel, forEach and when are subgraphs (when has `then`/`else`
 * subgraphs). Edges are the step graph's direct dependencies. Node ids are `s_` + the step id
 * with `-` → `_` (step ids are kebab-case, so this is collision-free and never a Mermaid
 * keyword). Labels are entity-escaped. Marks add a class (`added`, `changed`, `removed`);
 * marked step ids absent from the workflow (removed steps) are drawn as dashed nodes.
 * @module
 */
import { buildStepGraph } from './dag';
import { printCondition } from './expressions/condition-print';
import type { Condition, Step, Workflow, WorkflowInput } from './ir';

export type StepMark = 'added' | 'changed' | 'removed';

const MAX_LABEL = 80;

/** Mermaid node id of a step. */
export function mermaidId(stepId: string): string {
  return `s_${stepId.replace(/[^A-Za-z0-9]/g, '_')}`;
}

/** Escape text for a double-quoted Mermaid label (entities; `#` first). */
export function escapeMermaidLabel(text: string): string {
  const clipped = text.length > MAX_LABEL ? `${text.slice(0, MAX_LABEL - 1)}…` : text;
  return clipped
    .replace(/#/g, '#35;')
    .replace(/&/g, '#amp;')
    .replace(/"/g, '#quot;')
    .replace(/</g, '#lt;')
    .replace(/>/g, '#gt;')
    .replace(/`/g, '#96;')
    .replace(/[\r\n\t]+/g, ' ');
}

function label(lines: string[]): string {
  return `"${lines
    .filter((l) => l !== '')
    .map(escapeMermaidLabel)
    .join('<br/>')}"`;
}

function conditionText(c: Condition | undefined): string {
  if (!c) return '';
  try {
    return `if ${printCondition(c)}`;
  } catch {
    return 'if …';
  }
}

function nodeShape(step: Step): string {
  const title = step.name ? `${step.id}: ${step.name}` : step.id;
  const cond = conditionText(step.if);
  switch (step.type) {
    case 'action':
      return step.effect === 'write' ? `[/${label([title, step.uses, cond])}/]` : `[${label([title, step.uses, cond])}]`;
    case 'sleep':
      return `([${label([title, `sleep ${step.duration}`, cond])}])`;
    case 'approval':
      return `{{${label([title, `approval (timeout ${step.timeout})`, cond])}}}`;
    case 'call':
      return `[[${label([title, `call ${step.workflow}${step.version ? `@${step.version}` : ''}`, cond])}]]`;
    default:
      return `[${label([title])}]`;
  }
}

function containerTitle(step: Step): string {
  const cond = conditionText(step.if);
  const name = step.name ? ` (${step.name})` : '';
  switch (step.type) {
    case 'parallel':
      return label([`parallel: ${step.id}${name}`, cond]);
    case 'forEach': {
      const items = typeof step.items === 'string' ? step.items.replace(/^\{\{\s*|\s*\}\}$/g, '') : 'items';
      const max = step.maxParallel ? `, max ${step.maxParallel}` : '';
      return label([`for each ${items}: ${step.id}${name}${max}`, cond]);
    }
    case 'when':
      return label([`when: ${step.id}${name}`, conditionText(step.condition).replace(/^if /, ''), cond]);
    default:
      return label([step.id]);
  }
}

function renderList(steps: Step[], indent: string, out: string[]): void {
  for (const step of steps) {
    const id = mermaidId(step.id);
    if (step.type === 'parallel' || step.type === 'forEach') {
      out.push(`${indent}subgraph ${id}[${containerTitle(step)}]`, `${indent}  direction TB`);
      renderList(step.steps, `${indent}  `, out);
      out.push(`${indent}end`);
    } else if (step.type === 'when') {
      out.push(`${indent}subgraph ${id}[${containerTitle(step)}]`, `${indent}  direction TB`);
      out.push(`${indent}  subgraph ${id}__then["then"]`, `${indent}    direction TB`);
      renderList(step.then, `${indent}    `, out);
      out.push(`${indent}  end`);
      if (step.else && step.else.length > 0) {
        out.push(`${indent}  subgraph ${id}__else["else"]`, `${indent}    direction TB`);
        renderList(step.else, `${indent}    `, out);
        out.push(`${indent}  end`);
      }
      out.push(`${indent}end`);
    } else {
      out.push(`${indent}${id}${nodeShape(step)}`);
    }
  }
}

/** Render a workflow (parsed IR or as written) as Mermaid flowchart source. */
export function workflowToMermaid(ir: Workflow | WorkflowInput, marks: Record<string, StepMark> = {}): string {
  const steps = ir.steps as Step[];
  const out = ['flowchart TD'];
  renderList(steps, '  ', out);
  const graph = buildStepGraph(steps);
  for (const node of graph.nodes.values()) {
    for (const dep of node.dependsOn) out.push(`  ${mermaidId(dep)} --> ${mermaidId(node.id)}`);
  }
  const removedOnly = Object.keys(marks)
    .filter((id) => !graph.nodes.has(id))
    .sort();
  for (const id of removedOnly) out.push(`  ${mermaidId(id)}[${label([id, marks[id] === 'removed' ? '(removed)' : `(${marks[id]})`])}]`);
  const byMark = new Map<StepMark, string[]>();
  for (const [id, mark] of Object.entries(marks).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
    if (mark !== 'added' && mark !== 'changed' && mark !== 'removed') continue;
    byMark.set(mark, [...(byMark.get(mark) ?? []), mermaidId(id)]);
  }
  if (byMark.size > 0) {
    out.push(
      '  classDef added fill:#dafbe1,stroke:#1a7f37,color:#1a7f37',
      '  classDef changed fill:#fff8c5,stroke:#9a6700,color:#7d4e00',
      '  classDef removed fill:#ffebe9,stroke:#cf222e,color:#cf222e,stroke-dasharray: 5 5',
    );
    for (const [mark, ids] of byMark) out.push(`  class ${ids.join(',')} ${mark}`);
  }
  return out.join('\n');
}
