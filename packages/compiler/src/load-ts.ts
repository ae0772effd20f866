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

/** Why a workflow module could not be loaded or built. */
export type TsLoadFailure = { ok: false; code: FlowCode; message: string; hint: string; pos?: Position | undefined };

export type TsLoad = { ok: true; definition: WorkflowDefinition; ir: unknown } | TsLoadFailure;

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

/**
 * esbuild's errors as its message lists them (`<file>:<line>:<column>: ERROR: <text>`, column
 * 0-based): an error crossing tsx's loader thread keeps its message but not its `errors`.
 */
function errorsInMessage(err: unknown): { text: string; location: { file: string; line: number; column: number } }[] {
  const text = err instanceof Error ? err.message : '';
  if (!text.startsWith('Transform failed')) return [];
  return [...text.matchAll(/^(.+):(\d+):(\d+): ERROR: (.+)$/gm)].map((m) => ({
    text: m[4]!,
    location: { file: m[1]!, line: Number(m[2]), column: Number(m[3]) },
  }));
}

/** esbuild's (tsx's) transform error: the first message with its 1-based line and column. */
function syntaxError(err: unknown, file: string): TsLoadFailure | undefined {
  let errors = (err as { errors?: unknown })?.errors;
  if (!Array.isArray(errors) || errors.length === 0) errors = errorsInMessage(err);
  if (!Array.isArray(errors) || errors.length === 0) return undefined;
  const first = errors[0] as { text?: unknown; location?: { file?: unknown; line?: unknown; column?: unknown } | null };
  const loc = first.location;
  if (typeof first.text !== 'string' || !loc || typeof loc.line !== 'number' || typeof loc.column !== 'number') return undefined;
  const inFile = typeof loc.file !== 'string' || loc.file === file || file.endsWith(loc.file);
  return {
    ok: false,
    code: 'FLOW_LOAD_ERROR',
    message: `syntax error${inFile ? '' : ` in ${String(loc.file)}:${loc.line}:${loc.column + 1}`}: ${first.text}${errors.length > 1 ? ` (and ${errors.length - 1} more)` : ''}`,
    hint: 'fix the syntax at this position; the module cannot run until it parses',
    pos: inFile ? { line: loc.line, column: loc.column + 1 } : undefined,
  };
}

/** A load error as a failure: the syntax error with its position, a FlowError's code, else FLOW_LOAD_ERROR at the throwing line. */
export function fromError(err: unknown, file: string, what: string): TsLoadFailure {
  const syntax = syntaxError(err, file);
  if (syntax) return syntax;
  const code = (err as { code?: unknown })?.code;
  const hint = (err as { hint?: unknown })?.hint;
  if (typeof code === 'string' && COMPILER_CODES.has(code) && (err as Error).name === 'FlowError') {
    // FlowError messages already end with "— To fix: … [CODE]"; keep only what happened.
    const message = errorMessage(err)
      .replace(/ — To fix: .*$/, '')
      .replace(/ \[[A-Z_]+\]$/, '');
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

/**
 * The module's workflow definition: its default export, else a named export `workflow` (for
 * code bases whose lint rules forbid default exports). Both may be given only as the same
 * definition (`export const workflow = defineWorkflow(…); export default workflow;`). A definition
 * under any other name is not read: the error names it.
 */
export function pickDefinition(mod: Record<string, unknown>, relFile: string): { ok: true; definition: WorkflowDefinition } | TsLoadFailure {
  const byDefault = isWorkflowDefinition(mod.default) ? mod.default : undefined;
  const byName = isWorkflowDefinition(mod.workflow) ? mod.workflow : undefined;
  if (byDefault && byName && byDefault !== byName) {
    return {
      ok: false,
      code: 'FLOW_LOAD_ERROR',
      message: `${relFile} exports two different workflow definitions (the default export and \`workflow\`)`,
      hint: 'one module defines one workflow: keep one of the two exports, or export the same definition as both',
    };
  }
  const chosen = byDefault ?? byName;
  if (chosen) return { ok: true, definition: chosen };
  const other = Object.keys(mod).find((k) => isWorkflowDefinition(mod[k]));
  const got =
    other !== undefined
      ? `a workflow definition exported as \`${other}\`, which is not read (only the default export or \`workflow\` is)`
      : mod.default !== undefined
        ? `a default export of type ${typeof mod.default}, not a workflow definition`
        : 'no default export (nor a named export `workflow`) holding a workflow definition';
  return {
    ok: false,
    code: 'FLOW_LOAD_ERROR',
    message: `${relFile} has ${got}`,
    hint:
      other !== undefined
        ? `export it as default (\`export default ${other};\`) or rename it to \`workflow\``
        : "export default defineWorkflow({ … }) (import { defineWorkflow } from '@flowops/sdk')",
  };
}

export async function loadTsWorkflow(source: WorkflowSource, loader: ModuleLoader, version: string, fresh = false): Promise<TsLoad> {
  let mod: Record<string, unknown>;
  try {
    mod = await loader.import(source.file, fresh);
  } catch (err) {
    const failed = fromError(err, source.file, 'the workflow module threw while loading');
    if (!failed.message.startsWith('syntax error') && source.packageJsonText && !/"type"\s*:\s*"module"/.test(source.packageJsonText)) {
      failed.hint = `add "type": "module" to ${source.relPackageJson} (workflows are ES modules), then ${failed.hint}`;
    }
    return failed;
  }
  const picked = pickDefinition(mod, source.relFile);
  if (!picked.ok) return picked;
  const definition = picked.definition;
  try {
    return { ok: true, definition, ir: definition.toIR(version) };
  } catch (err) {
    return fromError(err, source.file, 'building the workflow failed');
  }
}
