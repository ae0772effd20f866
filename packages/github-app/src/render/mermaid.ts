/**
 * A Mermaid flowchart of one workflow with the steps a change added, changed or removed
 * marked: core's `workflowToMermaid` fed with the report's step changes. Pure.
 * @module
 */
import { type StepMark, type Workflow, workflowToMermaid } from '@flowops/core';
import type { StepChanges } from '../report/types';

export function workflowMermaid(ir: Workflow, changes?: StepChanges): string {
  const marks: Record<string, StepMark> = {};
  for (const id of changes?.removed ?? []) marks[id] = 'removed';
  for (const id of changes?.added ?? []) marks[id] = 'added';
  for (const id of changes?.changed ?? []) marks[id] = 'changed';
  return workflowToMermaid(ir, marks);
}
