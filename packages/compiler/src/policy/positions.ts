/**
 * Positions of policy violations: a finding about a step points at the step in its definition
 * (the id literal in TypeScript, the step's node in YAML), like every other step diagnostic.
 * Rules see only the IR, so this runs afterwards, in the process that has the files.
 * @module
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Workflow } from '@flowops/core';
import type { Diagnostic } from '../diagnostic';
import type { Locator } from '../locator';
import { tsLocator } from '../ts-locator';
import { walkWithPaths } from '../walk';
import { loadYaml } from '../yaml-source';

function locatorFor(root: string, file: string, ir: Workflow): Locator | undefined {
  let text: string;
  try {
    text = readFileSync(join(root, file), 'utf8');
  } catch {
    return undefined;
  }
  if (/\.ya?ml$/.test(file)) return loadYaml(text).locator;
  if (/\.[cm]?[jt]sx?$/.test(file)) return tsLocator(join(root, file), text, ir);
  return undefined;
}

/** The diagnostics with `step` moved to that step's position in `workflows`' files (others unchanged). */
export function positionPolicyDiagnostics(root: string, workflows: readonly { ir: Workflow; file: string }[], diagnostics: Diagnostic[]): Diagnostic[] {
  const locators = new Map<string, Locator | undefined>();
  return diagnostics.map((d) => {
    if (d.step === null || d.code !== 'FLOW_POLICY_VIOLATION') return d;
    const wf = workflows.find((w) => w.file === d.file && w.ir.name === d.workflow);
    if (!wf) return d;
    const path = [...walkWithPaths(wf.ir.steps)].find((s) => s.step.id === d.step)?.path;
    if (!path) return d;
    if (!locators.has(d.file)) locators.set(d.file, locatorFor(root, d.file, wf.ir));
    const pos = locators.get(d.file)?.locate(path);
    return pos ? { ...d, line: pos.line, column: pos.column } : d;
  });
}
