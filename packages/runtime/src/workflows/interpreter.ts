/**
 * `flowopsInterpreter`: the one Temporal workflow type that executes any flowops/v1 IR.
 * The IR travels as the run's input, so a run is pinned to the definition it started with.
 *
 * History stays close to a hand-written workflow: one activity per action step, no markers,
 * no side effects, no search-attribute upserts (the client sets them at start).
 * Sandbox code: imports only @temporalio/workflow and @flowops/core.
 * @module
 */
import { ApplicationFailure, allHandlersFinished, condition, continueAsNew, patched, setHandler, workflowInfo } from '@temporalio/workflow';
import { compensate } from './compensation';
import { Executor, type ListRun } from './executor';
import { resolve } from './expr';
import { checkRunInput } from './input-check';
import { type StepFailure, issuesFailure, mustPropagate, toStepFailure } from './failures';
import { RunState, rootFrame } from './run-state';
import { checkedStepGraph } from './step-graph';
import { skipKey, validateSkip } from './operator-controls';
import { type ApprovalDecision, type FailureDetails, type InterpreterArgs, type InterpreterResult, approveUpdate, progressQuery, skipUpdate } from './types';

export const DEFAULT_CONTINUE_AS_NEW_EVENTS = 10_000;

/**
 * Patch id of the lean step runner (`Executor.lean`): a run started on an interpreter that has it
 * records this marker and takes the lean path; a history without the marker (a run started
 * earlier) replays on the original one. Remove the original path only with `deprecatePatch`,
 * after no run without the marker can be open (#12's rule: a change in commands needs a patch).
 */
export const LEAN_STEPS_PATCH = 'flowops-lean-steps-1';

const usage = (message: string): ApplicationFailure => ApplicationFailure.create({ type: 'FLOW_USAGE', message, nonRetryable: true });

/** The waiting approval a decision addresses: its exact key, or a bare id matching one waiting step. */
function approvalKey(run: RunState, stepId: string): string | undefined {
  if (run.waiting.has(stepId)) return stepId;
  const matches = [...run.waiting.keys()].filter((k) => run.records.get(k)?.id === stepId);
  return matches.length === 1 ? matches[0] : undefined;
}

function validateDecision(run: RunState, d: ApprovalDecision): void {
  if (!d || typeof d.stepId !== 'string') throw usage('approve needs { stepId, decision, by }');
  if (d.decision !== 'approve' && d.decision !== 'reject') throw usage(`decision must be "approve" or "reject", got ${JSON.stringify(d.decision)}`);
  if (typeof d.by !== 'string' || d.by.length === 0) throw usage('approve needs "by": who decided');
  const key = approvalKey(run, d.stepId);
  const waiting = [...run.waiting.keys()].filter((k) => !run.decisions.has(k));
  if (!key || run.decisions.has(key)) {
    const known = run.records.get(d.stepId) ?? [...run.records.values()].find((r) => r.id === d.stepId);
    const why = !known
      ? 'is not a step of this run'
      : known.kind !== 'approval'
        ? 'is not an approval step'
        : `is not waiting for a decision (${known.status})`;
    throw usage(`Step "${d.stepId}" ${why}; waiting approvals: ${waiting.length ? waiting.join(', ') : 'none'}`);
  }
  const approvers = run.waiting.get(key)?.approvers ?? [];
  const login = (s: string): string => s.replace(/^@/, '').toLowerCase();
  const people = approvers.filter((a) => !a.includes('/')).map(login);
  // Team slugs (org/team) cannot be resolved inside the workflow: the caller checks membership.
  if (people.length > 0 && people.length === approvers.length && !people.includes(login(d.by))) {
    throw usage(`${d.by} may not decide "${key}"; approvers: ${approvers.join(', ')}`);
  }
}

export async function flowopsInterpreter(args: InterpreterArgs): Promise<InterpreterResult> {
  checkRunInput(args); // first act: an input the schema refuses fails the run (FLOW_INVALID_INPUT) before any step
  const graph = checkedStepGraph(args.ir); // first act: an invalid graph fails the run before any step
  const lean = patched(LEAN_STEPS_PATCH);
  const run = new RunState(args);
  setHandler(progressQuery, () => run.progress());
  setHandler(
    approveUpdate,
    (d) => {
      const key = approvalKey(run, d.stepId) ?? d.stepId;
      run.decisions.set(key, d);
      return { stepId: key, decision: d.decision };
    },
    { validator: (d) => validateDecision(run, d) },
  );
  setHandler(
    skipUpdate,
    (d) => {
      const key = skipKey(run, d.stepId) ?? d.stepId;
      run.skips.set(key, d);
      return { stepId: key, skipped: true };
    },
    { validator: (d) => validateSkip(run, d) },
  );

  const threshold = args.continueAsNewAfterEvents ?? DEFAULT_CONTINUE_AS_NEW_EVENTS;
  const due = (): boolean => workflowInfo().continueAsNewSuggested || workflowInfo().historyLength >= threshold;
  const executor = new Executor(
    run,
    {
      async maybeContinueAsNew(drain) {
        if (!due()) return;
        await drain();
        const busy = [...run.records.values()].some((r) => r.status === 'running' && r.kind !== 'parallel' && r.kind !== 'when' && r.kind !== 'forEach');
        if (busy) return; // another branch is mid-step; try again after the next iteration
        await condition(allHandlersFinished);
        await continueAsNew<typeof flowopsInterpreter>({ ...args, state: run.toState() });
      },
    },
    graph,
    lean,
  );

  const root = rootFrame();
  let failure: StepFailure | undefined;
  let output: unknown;
  try {
    const lr: ListRun = await executor.runList(args.ir.steps, root);
    failure = lr.failure;
    if (!failure && args.ir.output) {
      const res = resolve(args.ir.output, run.scope(root));
      if (res.ok) output = res.value;
      else failure = issuesFailure('output', 'resolve the workflow output', res.issues);
    }
  } catch (err) {
    if (mustPropagate(err)) throw err;
    failure = toStepFailure('run', err);
  }

  if (failure) {
    run.status = 'failed';
    await compensate(run);
    const details: FailureDetails = { status: 'failed', failedStep: failure.step, steps: run.trace() };
    throw ApplicationFailure.create({
      type: failure.code,
      message: failure.message,
      nonRetryable: true,
      details: [details],
    });
  }
  run.status = 'succeeded';
  return { status: 'succeeded', output, steps: run.trace() };
}
