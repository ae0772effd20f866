/** Lint warnings: FLOW_NO_RETRY, FLOW_NO_TIMEOUT, FLOW_UNBOUNDED_FOREACH, FLOW_TOO_MANY_STEPS. @module */
import { parseUses, type Workflow } from '@flowops/core';
import type { Report } from './context';
import { walkWithPaths } from './walk';

/** Plugins whose actions go over the network even when they only read. */
export const NETWORK_PLUGINS = new Set(['http', 'slack', 'github']);

export interface WarningOptions {
  /** FLOW_TOO_MANY_STEPS above this many steps (default 100). */
  maxSteps?: number | undefined;
}

export function checkWarnings(ir: Workflow, report: Report, options: WarningOptions = {}): void {
  const maxSteps = options.maxSteps ?? 100;
  let count = 0;
  for (const { step, path } of walkWithPaths(ir.steps)) {
    count++;
    if (step.type === 'action') {
      const plugin = parseUses(step.uses)?.plugin ?? '';
      const risky = step.effect === 'write' || NETWORK_PLUGINS.has(plugin);
      if (risky && !step.retry && !ir.defaults?.retry) {
        report({
          code: 'FLOW_NO_RETRY',
          message: `step "${step.id}" (${step.uses}, ${step.effect === 'write' ? 'write' : 'network'}) has no retry policy`,
          hint: 'add retry: { maxAttempts: 3 } to the step, or defaults.retry to the workflow',
          path: [...path, 'uses'],
          step: step.id,
        });
      }
      if (!step.timeout && !ir.defaults?.timeout) {
        report({
          code: 'FLOW_NO_TIMEOUT',
          message: `step "${step.id}" (${step.uses}) has no timeout`,
          hint: 'add timeout: "30s" to the step, or defaults.timeout to the workflow',
          path: [...path, 'uses'],
          step: step.id,
        });
      }
    }
    if (step.type === 'forEach' && step.maxParallel === undefined) {
      report({
        code: 'FLOW_UNBOUNDED_FOREACH',
        message: `forEach step "${step.id}" runs every item at once (no maxParallel)`,
        hint: 'add maxParallel: 10 (or what the called systems can take)',
        path,
        step: step.id,
      });
    }
  }
  if (count > maxSteps) {
    report({
      code: 'FLOW_TOO_MANY_STEPS',
      message: `workflow "${ir.name}" has ${count} steps (more than ${maxSteps})`,
      hint: 'split it into smaller workflows joined by call steps',
      path: ['steps'],
    });
  }
}
