/**
 * Workflow entry point bundled for the worker (`workflowsPath`): exports only workflow functions.
 * @module
 */
import { flowopsInterpreter as interpret } from './interpreter';
import { observeRun } from './run-metrics';
import type { InterpreterArgs, InterpreterResult } from './types';

/** The interpreter (see `./interpreter`), with its start and end reported to the worker's metrics. */
export async function flowopsInterpreter(args: InterpreterArgs): Promise<InterpreterResult> {
  return observeRun(args, () => interpret(args));
}
