/**
 * The interpreter's first act: build the step graph with @flowops/core's `buildStepGraph` (the
 * same rule the compiler checks) and refuse an IR whose graph is invalid — duplicate step ids,
 * `dependsOn` naming no sibling, a dependency cycle — with a non-retryable `ApplicationFailure`
 * whose type is the code, before any step is scheduled. A hand-written IR with a cycle fails at
 * once instead of waiting forever. Sandbox-safe.
 * @module
 */
import { type FlowIssue, type StepGraph, type Workflow, buildStepGraph, cycleIssue, findCycle, unknownDependencies } from '@flowops/core';
import { ApplicationFailure } from '@temporalio/workflow';

function refuse(ir: Workflow, issues: FlowIssue[]): ApplicationFailure {
  const first = issues[0]!;
  const lines = issues.map((i) => `${i.message}${i.hint ? ` — To fix: ${i.hint}` : ''}`);
  return ApplicationFailure.create({
    type: first.code,
    message: `Workflow ${ir.name}@${ir.version} has an invalid step graph: ${lines.join('; ')} [${first.code}]`,
    nonRetryable: true,
  });
}

/** The step graph of `ir`, or a thrown FLOW_DUPLICATE_STEP / FLOW_INVALID_REFERENCE / FLOW_CYCLE failure. */
export function checkedStepGraph(ir: Workflow): StepGraph {
  const graph = buildStepGraph(ir.steps);
  if (graph.duplicates.length > 0) {
    throw refuse(ir, [
      {
        code: 'FLOW_DUPLICATE_STEP',
        message: `step ids are declared more than once: ${graph.duplicates.join(', ')}`,
        hint: 'give every step a unique id (compile the workflow with flowops check)',
      },
    ]);
  }
  const unknown = unknownDependencies(graph);
  if (unknown.length > 0)
    throw refuse(
      ir,
      unknown.map((u) => u.issue),
    );
  const cycle = findCycle(graph);
  if (cycle) throw refuse(ir, [cycleIssue(cycle)]);
  return graph;
}
