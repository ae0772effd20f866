/**
 * What every check receives about one workflow: its source, IR and a way to turn IR paths into
 * positioned diagnostics.
 * @module
 */
import type { FlowCode, Workflow } from '@flowops/core';
import { diagnostic, type Diagnostic, type Position } from './diagnostic';
import type { WorkflowSource } from './discover';
import type { IrPath, Locator } from './locator';

export interface WorkflowUnit {
  source: WorkflowSource;
  locator: Locator;
  /** Validated IR (defaults applied). */
  ir: Workflow;
  /** What a TypeScript module exported, before validation (kept for positions; see compiled-cache.ts). */
  raw?: unknown;
}

export type Report = (init: { code: FlowCode; message: string; hint?: string; path?: IrPath; pos?: Position; step?: string; file?: string }) => void;

/** A reporter bound to one workflow: positions come from the locator unless given. */
export function reporter(out: Diagnostic[], source: WorkflowSource, locator: Locator, workflow: string | undefined): Report {
  return (init) => {
    out.push(
      diagnostic({
        code: init.code,
        message: init.message,
        hint: init.hint,
        file: init.file ?? source.relFile,
        pos: init.pos ?? locator.locate(init.path ?? []),
        workflow,
        step: init.step,
      }),
    );
  };
}

/** `steps[2].with.url` */
export function formatPath(path: IrPath): string {
  let out = '';
  for (const seg of path) out += typeof seg === 'number' ? `[${seg}]` : out ? `.${seg}` : seg;
  return out || '(root)';
}
