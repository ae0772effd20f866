/**
 * What compiling a commit's workflows yields, shared by the loader (`load.ts`), the in-process
 * compile (`compile-tree.ts`) and the compile sandbox (`sandbox.ts`); kept here so none of them
 * imports another for its types.
 * @module
 */
import type { Workflow } from '@flowops/core';
import type { ReportDiagnostic } from '../report/types';

/** One compiled workflow of a commit. */
export interface Definition {
  name: string;
  version: string;
  hash: string;
  file: string;
  ir: Workflow;
  /** Inputs from `workflows/<name>/fixtures/*.json`, by file name. */
  fixtures: Record<string, unknown>;
}

/** Every workflow of a commit and the diagnostics of those that did not compile. */
export interface DefinitionSet {
  sha: string;
  workflows: Definition[];
  diagnostics: ReportDiagnostic[];
  /** sha-256 of the commit's `flowops.policy.ts` (absent: none), to tell a pull request that edits it. */
  policyHash?: string | undefined;
}
