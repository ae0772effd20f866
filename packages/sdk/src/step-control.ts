/**
 * Control steps: `parallel`, `forEach` and `when`.
 * @module
 */
import { type Condition, FlowError, type Step } from '@flowops/core';
import { isRef, type Ref, ref } from './ref';
import { toValue } from './serialize';
import { baseFields, isStepNode, type StepNode, type StepOptions } from './step-node';

/**
 * Serialise a child step list, checking each entry is a step (FLOW_SCHEMA_INVALID otherwise).
 * @example
 * ```ts
 * childSteps('fan-out', [sleep('pause', '1m')], 'steps'); // [{ id: 'pause', type: 'sleep', duration: '1m' }]
 * ```
 */
export function childSteps(owner: string, steps: readonly StepNode[], field: string): Step[] {
  return steps.map((s, i) => {
    if (!isStepNode(s)) {
      throw new FlowError({
        code: 'FLOW_SCHEMA_INVALID',
        message: `${owner}.${field}[${i}] is not a step`,
        hint: 'wrap action calls in step("<id>", plugin.action({...})) and list the returned steps',
        path: `${owner}.${field}[${i}]`,
      });
    }
    return s.toIR();
  });
}

const collect = (...lists: (readonly StepNode[] | undefined)[]) => lists.flatMap((l) => (l ?? []).filter(isStepNode).flatMap((s) => s.invocations));

/**
 * Run steps concurrently; the group completes when all of them have.
 * @example
 * ```ts
 * parallel('notify', [
 *   step('notify-slack', slack.postMessage({ webhookUrl: secret('SLACK_WEBHOOK'), text: 'done' })),
 *   step('log-done', log.write({ message: 'done' })),
 * ]);
 * ```
 */
export function parallel(id: string, steps: readonly StepNode[], options?: StepOptions): StepNode {
  return {
    kind: 'flowops.step',
    id,
    get invocations() {
      return collect(steps);
    },
    toIR: () => {
      // Children of a parallel group have no implicit order (core's DAG rule): all start at once
      // unless they name dependencies.
      return { ...baseFields(id, options), type: 'parallel', steps: childSteps(id, steps, 'steps') } as Step;
    },
  };
}

/**
 * Options of `forEach`.
 * @example
 * ```ts
 * const opts: ForEachOptions = { maxParallel: 5, timeout: '1h' };
 * ```
 */
export interface ForEachOptions extends StepOptions {
  /** At most this many iterations run at once (leaving it out is warned: FLOW_UNBOUNDED_FOREACH). */
  maxParallel?: number;
  /** Start at most this many items per second (backfills: protect the target). */
  rateLimit?: number;
  /** Stop scheduling items once more than `maxFailureRate` (0–1) of the finished ones failed, after `minItems`. */
  circuitBreaker?: { maxFailureRate: number; minItems: number };
  /** Also name the item (`{{ <as>… }}`), so a forEach nested in the body can read it (camelCase or kebab-case). */
  as?: string;
}

let loopCount = 0;

/** Apply `f` to every string of a serialised value. */
function mapStrings(v: unknown, f: (s: string) => string): unknown {
  if (typeof v === 'string') return f(v);
  if (Array.isArray(v)) return v.map((x) => mapStrings(x, f));
  if (typeof v === 'object' && v !== null) return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, mapStrings(x, f)]));
  return v;
}

/** The first forEach nested in `steps` (at any depth) whose body mentions `token`. */
function nestedLoopUsing(steps: readonly Step[], token: string): Step | undefined {
  for (const s of steps) {
    if (s.type === 'forEach' && JSON.stringify(s.steps).includes(token)) return s;
    const children = s.type === 'forEach' || s.type === 'parallel' ? s.steps : s.type === 'when' ? [...s.then, ...(s.else ?? [])] : [];
    const found = nestedLoopUsing(children, token);
    if (found) return found;
  }
  return undefined;
}

/**
 * Run the body once per item of a list. The body receives typed handles to the item
 * (`{{ item }}`) and its index (`{{ index }}`).
 * @example
 * ```ts
 * forEach('provision', input.accounts, { maxParallel: 5 }, (account) => [
 *   step('create-account', http.request({ method: 'POST', url: tpl`${env('CRM_URL')}/accounts`, body: { id: account.id } })),
 * ]);
 * ```
 */
export function forEach<E>(
  id: string,
  items: Ref<readonly E[]> | readonly E[],
  options: ForEachOptions,
  body: (item: Ref<E>, index: Ref<number>) => readonly StepNode[],
): StepNode {
  // An unnamed loop's item renders as a token first: `item` in its own body, but a diagnostic inside
  // a nested forEach, where `item` would silently mean the inner item.
  const token = options.as === undefined ? `__flowops_loop_${++loopCount}__` : undefined;
  const steps = body(ref<E>(options.as ?? token ?? 'item'), ref<number>('index'));
  return {
    kind: 'flowops.step',
    id,
    get invocations() {
      return collect(steps);
    },
    toIR: () => {
      const ir: Record<string, unknown> = {
        ...baseFields(id, options),
        type: 'forEach',
        items: isRef(items) ? toValue(items) : toValue(items, `${id}.items`),
      };
      if (options.maxParallel !== undefined) ir.maxParallel = options.maxParallel;
      if (options.rateLimit !== undefined) ir.rateLimit = options.rateLimit;
      if (options.circuitBreaker !== undefined) ir.circuitBreaker = { ...options.circuitBreaker };
      if (options.as !== undefined) ir.as = options.as;
      const body = childSteps(id, steps, 'steps');
      const inner = token === undefined ? undefined : nestedLoopUsing(body, token);
      if (token !== undefined && inner) {
        throw new FlowError({
          code: 'FLOW_INVALID_REFERENCE',
          message: `forEach "${inner.id}" reads the item of the enclosing forEach "${id}", which has no name; there {{ item }} would mean the inner item`,
          hint: `give the outer forEach a name, e.g. forEach('${id}', …, { as: 'name' }, …), and read name.<field> in the inner loop`,
          path: `${id}.steps`,
        });
      }
      ir.steps = token === undefined ? body : mapStrings(body, (str) => str.split(token).join('item'));
      return ir as Step;
    },
  };
}

/**
 * Branch: run `then` when the condition holds, otherwise `else` (if given).
 * @example
 * ```ts
 * when('by-severity', eq(classify.output.result, 'critical'),
 *   [step('page', http.request({ method: 'POST', url: tpl`${env('PAGER_URL')}/page` }))],
 *   [step('note', log.write({ message: 'not critical' }))],
 * );
 * ```
 */
export function when(id: string, condition: Condition, then: readonly StepNode[], otherwise?: readonly StepNode[], options?: StepOptions): StepNode {
  return {
    kind: 'flowops.step',
    id,
    get invocations() {
      return collect(then, otherwise);
    },
    toIR: () => {
      const ir: Record<string, unknown> = {
        ...baseFields(id, options),
        type: 'when',
        condition,
        then: childSteps(id, then, 'then'),
      };
      if (otherwise !== undefined) ir.else = childSteps(id, otherwise, 'else');
      return ir as Step;
    },
  };
}
