/**
 * Dry-run inputs that depend on simulated steps. A simulated write returns made-up output, so
 * `https://api/deployments/{{ steps.deploy.output.body.id }}/health` may have nothing to
 * interpolate. In a dry-run such template references become the literal
 * `simulated:<reference>` instead of failing, and the step that reads them is simulated too
 * (running a real read against made-up identifiers proves nothing). Sandbox-safe.
 * @module
 */
import { type Reference, type Scope, lookupReference, parseValueString, printValueExpr } from '@flowops/core';

export interface DryRunInput {
  value: unknown;
  /** The value references a simulated step. */
  dependsOnSimulated: boolean;
}

function simulatedRef(part: string | Reference, scope: Scope): part is Reference {
  return typeof part !== 'string' && part.root === 'steps' && scope.steps[part.stepId ?? '']?.status === 'simulated';
}

export function dryRunInput(value: unknown, scope: Scope): DryRunInput {
  let touched = false;
  const walk = (v: unknown, depth: number): unknown => {
    if (depth > 200) return v;
    if (typeof v === 'string') {
      if (!v.includes('{{')) return v;
      const parsed = parseValueString(v);
      if (!parsed.ok) return v;
      const e = parsed.value;
      if (e.kind === 'ref') {
        if (simulatedRef(e.ref, scope)) touched = true;
        return v;
      }
      if (e.kind !== 'template' || !e.parts.some((p) => simulatedRef(p, scope))) return v;
      touched = true;
      const parts = e.parts.map((p) => {
        if (!simulatedRef(p, scope)) return p;
        const found = lookupReference(p, scope);
        return found.ok && found.value !== undefined ? p : `simulated:${p.text}`;
      });
      return printValueExpr({ kind: 'template', parts });
    }
    if (Array.isArray(v)) return v.map((x) => walk(x, depth + 1));
    if (typeof v === 'object' && v !== null) {
      return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, walk(x, depth + 1)]));
    }
    return v;
  };
  const out = walk(value, 0);
  return { value: out, dependsOnSimulated: touched };
}
