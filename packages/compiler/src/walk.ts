/** Depth-first walk over steps with their IR paths (`['steps', 1, 'steps', 0]`). @module */
import type { Step } from '@flowops/core';
import type { IrPath } from './locator';

export interface WalkedStep {
  step: Step;
  path: IrPath;
  parents: Step[];
}

export function* walkWithPaths(steps: Step[], base: IrPath = ['steps'], parents: Step[] = []): Generator<WalkedStep> {
  for (let i = 0; i < steps.length; i++) {
    const step = steps[i]!;
    const path = [...base, i];
    yield { step, path, parents };
    const inner = [...parents, step];
    if (step.type === 'parallel' || step.type === 'forEach') yield* walkWithPaths(step.steps, [...path, 'steps'], inner);
    if (step.type === 'when') {
      yield* walkWithPaths(step.then, [...path, 'then'], inner);
      if (step.else) yield* walkWithPaths(step.else, [...path, 'else'], inner);
    }
  }
}
