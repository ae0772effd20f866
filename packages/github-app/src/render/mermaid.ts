/**
 * A Mermaid flowchart of one workflow with the steps a change added, changed or removed
 * marked. Built on core's step graph (`buildStepGraph`): edges are the `dependsOn` relation
 * (explicit or declared order), containers (parallel, forEach, when) are subgraphs. Pure.
 * @module
 */
import { type Step, type Workflow, buildStepGraph, walkSteps } from '@flowops/core';
import type { StepChanges } from '../report/types';

const nodeId = (id: string) => `s_${id.replace(/[^A-Za-z0-9]/g, '_')}`;
const label = (text: string) => text.replace(/"/g, '#quot;').replace(/[<>]/g, '');

function describe(step: Step): string {
  switch (step.type) {
    case 'action':
      return step.uses;
    case 'sleep':
      return `sleep ${step.duration}`;
    case 'approval':
      return 'approval';
    case 'call':
      return `call ${step.workflow}`;
    default:
      return step.type;
  }
}

export function workflowMermaid(ir: Workflow, changes?: StepChanges, baseIr?: Workflow): string {
  const graph = buildStepGraph(ir.steps);
  const mark = new Map<string, 'added' | 'changed'>();
  for (const id of changes?.added ?? []) mark.set(id, 'added');
  for (const id of changes?.changed ?? []) mark.set(id, 'changed');
  const lines = ['flowchart TD'];
  const emit = (ids: string[], indent: string) => {
    for (const id of ids) {
      const node = graph.nodes.get(id);
      if (!node) continue;
      if (node.children.length > 0) {
        lines.push(`${indent}subgraph ${nodeId(id)}["${label(`${id} (${node.step.type})`)}"]`);
        emit(node.children, `${indent}  `);
        lines.push(`${indent}end`);
      } else {
        lines.push(`${indent}${nodeId(id)}["${label(id)}<br/>${label(describe(node.step))}"]`);
      }
    }
  };
  emit(graph.lists.find((l) => l.key === 'root')?.ids ?? [], '  ');
  for (const node of graph.nodes.values()) {
    for (const dep of node.dependsOn) lines.push(`  ${nodeId(dep)} --> ${nodeId(node.id)}`);
  }
  const removed = (changes?.removed ?? []).filter((id) => !graph.nodes.has(id));
  if (removed.length > 0) {
    const baseSteps = new Map(baseIr ? [...walkSteps(baseIr.steps)].map(({ step }) => [step.id, step]) : []);
    for (const id of removed) {
      const step = baseSteps.get(id);
      lines.push(`  ${nodeId(id)}["${label(`${id} (removed)`)}${step ? `<br/>${label(describe(step))}` : ''}"]:::removed`);
    }
  }
  for (const [id, kind] of mark) if (graph.nodes.has(id)) lines.push(`  class ${nodeId(id)} ${kind}`);
  lines.push(
    '  classDef added fill:#dafbe1,stroke:#1a7f37,color:#1a7f37',
    '  classDef changed fill:#fff8c5,stroke:#9a6700,color:#9a6700',
    '  classDef removed fill:#ffebe9,stroke:#cf222e,color:#cf222e,stroke-dasharray: 5 5',
  );
  return lines.join('\n');
}
