/**
 * Loading a TypeScript workflow module and calling `toIR(version)`. A throw while loading
 * becomes FLOW_LOAD_ERROR (message only, no stack, positioned at the throwing line when the
 * stack names the workflow file); a FlowError with a compiler code keeps its code.
 * @module
 */
import { COMPILER_ERROR_CODES, type FlowCode } from '@flowops/core';
import { isWorkflowDefinition, type WorkflowDefinition } from '@flowops/sdk';
import type { Position } from './diagnostic';
import type { WorkflowSource } from './discover';
import { errorMessage, type ModuleLoader } from './module-loader';

export type TsLoad =
  | { ok: true; definition: WorkflowDefinition; ir: unknown }
  | { ok: false; code: FlowCode; message: string; hint: string; pos?: Position };

const COMPILER_CODES = new Set<string>(COMPILER_ERROR_CODES);

/** The stack as node formats it (source-mapped), even when a test runner replaced the formatter. */
function nodeStack(err: unknown): string | undefined {
  if (!(err instanceof Error)) return undefined;
  const E = Error as { prepareStackTrace?: unknown };
  const custom = E.prepareStackTrace;
  try {
    E.prepareStackTrace = undefined;
    return err.stack;
  } finally {
    E.prepareStackTrace = custom;
  }
}

function positionInStack(err: unknown, file: string): Position | undefined {
  const stack = nodeStack(err);
  if (!stack) return undefined;
  for (const line of stack.split('\n')) {
    const idx = line.indexOf(file);
    if (idx < 0) continue;
    const m = /:(\d+):(\d+)\)?\s*$/.exec(line.slice(idx + file.length));
    if (m) return { line: Number(m[1]), column: Number(m[2]) };
  }
  return undefined;
}

function fromError(err: unknown, file: string, what: string): TsLoad {
  const code = (err as { code?: unknown })?.code;
  const hint = (err as { hint?: unknown })?.hint;
  if (typeof code === 'string' && COMPILER_CODES.has(code) && (err as Error).name === 'FlowError') {
    // FlowError messages already end with "— To fix: … [CODE]"; keep only what happened.
    const message = errorMessage(err).replace(/ — To fix: .*$/, '').replace(/ \[[A-Z_]+\]$/, '');
    return { ok: false, code: code as FlowCode, message, hint: typeof hint === 'string' ? hint : 'fix the definition', pos: positionInStack(err, file) };
  }
  return {
    ok: false,
    code: 'FLOW_LOAD_ERROR',
    message: `${what}: ${errorMessage(err)}`,
    hint: 'fix the error thrown while the module runs; run `npx tsx <file>` to reproduce it',
    pos: positionInStack(err, file),
  };
}

export async function loadTsWorkflow(source: WorkflowSource, loader: ModuleLoader, version: string, fresh = false): Promise<TsLoad> {
  let mod: Record<string, unknown>;
  try {
    mod = await loader.import(source.file, fresh);
  } catch (err) {
    const failed = fromError(err, source.file, 'the workflow module threw while loading');
    if (!failed.ok && source.packageJsonText && !/"type"\s*:\s*"module"/.test(source.packageJsonText)) {
      failed.hint = `add "type": "module" to ${source.relPackageJson} (workflows are ES modules), then ${failed.hint}`;
    }
    return failed;
  }
  const definition = mod.default ?? mod.workflow;
  if (!isWorkflowDefinition(definition)) {
    const got = definition === undefined ? 'no default export' : `a default export of type ${typeof definition}`;
    return {
      ok: false,
      code: 'FLOW_LOAD_ERROR',
      message: `${source.relFile} has ${got}, not a workflow definition`,
      hint: "export default defineWorkflow({ … }) (import { defineWorkflow } from '@flowops/sdk')",
    };
  }
  try {
    return { ok: true, definition, ir: definition.toIR(version) };
  } catch (err) {
    return fromError(err, source.file, 'building the workflow failed');
  }
}
