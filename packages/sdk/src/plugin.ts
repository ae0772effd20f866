/**
 * Plugin contracts (`definePlugin`, `defineAction`), the typed action builders they carry, and
 * `implementPlugin` for the worker side.
 * @module
 */
import { type Effect, FlowError, ID_PATTERN, SEMVER_PATTERN } from '@flowops/core';
import type { z } from 'zod';
import type { ActionContract, ActionHandler, PluginContract, PluginImplementation, SensitiveField } from './contracts';
import type { Refable } from './ref';

declare const OutputType: unique symbol;

/**
 * One call of a plugin action with its (authored) input: what `step()` runs and what `compensate`
 * undoes with. Created by the action builders of a plugin contract (`http.get({...})`).
 * @example
 * ```ts
 * const call: ActionInvocation<{ status: number }> = http.get({ url: 'https://example.com' });
 * call.uses; // "http.get@1"
 * ```
 */
export interface ActionInvocation<O = unknown> {
  readonly kind: 'flowops.action-call';
  readonly plugin: PluginContract;
  readonly action: string;
  /** `<plugin>.<action>@<major>` */
  readonly uses: string;
  readonly effect: Effect;
  /** The input as authored (handles not yet serialised). */
  readonly input: unknown;
  /** Phantom: the action's output type. */
  readonly [OutputType]?: O;
}

type ActionFn<C extends ActionContract> =
  {} extends z.input<C['input']>
    ? (input?: Refable<z.input<C['input']>>) => ActionInvocation<z.output<C['output']>>
    : (input: Refable<z.input<C['input']>>) => ActionInvocation<z.output<C['output']>>;

/**
 * One typed builder per action of a contract.
 * @example
 * ```ts
 * type HttpBuilders = ActionBuilders<typeof http.actions>; // { request(input): ActionInvocation<…>; get(input): … }
 * ```
 */
export type ActionBuilders<A extends Record<string, ActionContract>> = {
  readonly [K in keyof A]: ActionFn<A[K]>;
};

/**
 * A plugin contract with its action builders: `http.request`, `slack.postMessage`, …
 * @example
 * ```ts
 * import http from '@flowops/plugin-http';
 * const call = http.request({ method: 'POST', url: 'https://example.com/deploy', body: { v: 2 } });
 * ```
 */
export type Plugin<A extends Record<string, ActionContract> = Record<string, ActionContract>> = PluginContract<A> & ActionBuilders<A>;

/**
 * Declare one action: zod input/output and its effect (`read` runs in dry-runs, `write` is simulated);
 * `sensitive` lists the input fields that carry a credential (the compiler wants `secret('…')` there).
 * @example
 * ```ts
 * const get = defineAction({
 *   description: 'Fetch a URL',
 *   effect: 'read',
 *   input: z.object({ url: z.string() }),
 *   output: z.object({ status: z.number(), body: z.unknown() }),
 * });
 * ```
 */
export function defineAction<I extends z.ZodType, O extends z.ZodType>(action: {
  description?: string;
  effect: Effect;
  input: I;
  output: O;
  /** Input fields that carry a credential (`{ path: 'token', secret: 'GITHUB_TOKEN' }`): see `SensitiveField`. */
  sensitive?: readonly SensitiveField[];
}): ActionContract<I, O> {
  return action;
}

const RESERVED = new Set(['kind', 'name', 'version', 'description', 'actions']);
const ACTION_NAME = /^[a-zA-Z][a-zA-Z0-9]*$/;

function invalid(message: string, hint: string): FlowError {
  return new FlowError({ code: 'FLOW_SCHEMA_INVALID', message, hint });
}

/**
 * Define a plugin contract. The result is importable without the implementation and carries a
 * typed builder per action, used in workflow steps.
 * @example
 * ```ts
 * export const plugin = definePlugin({
 *   name: 'pager',
 *   version: '1.0.0',
 *   description: 'Page the on-call engineer',
 *   actions: {
 *     page: defineAction({ effect: 'write', input: z.object({ text: z.string() }), output: z.object({ id: z.string() }) }),
 *   },
 * });
 * plugin.page({ text: 'db down' }).uses; // "pager.page@1"
 * ```
 */
export function definePlugin<const A extends Record<string, ActionContract>>(def: {
  name: string;
  version: string;
  description?: string;
  actions: A;
}): Plugin<A> {
  if (!ID_PATTERN.test(def.name)) {
    throw invalid(`Plugin name ${JSON.stringify(def.name)} is not kebab-case`, 'name plugins like "http" or "github-checks"');
  }
  if (!SEMVER_PATTERN.test(def.version)) {
    throw invalid(`Plugin ${def.name} has version ${JSON.stringify(def.version)}, which is not semver`, 'use e.g. "1.0.0"');
  }
  const major = def.version.split('.')[0];
  const contract: PluginContract<A> = {
    kind: 'flowops.plugin',
    name: def.name,
    version: def.version,
    ...(def.description !== undefined ? { description: def.description } : {}),
    actions: def.actions,
  };
  const builders: Record<string, (input?: unknown) => ActionInvocation> = {};
  for (const [action, spec] of Object.entries(def.actions)) {
    if (!ACTION_NAME.test(action) || RESERVED.has(action)) {
      throw invalid(
        `Plugin ${def.name} declares an action named ${JSON.stringify(action)}`,
        `action names are camelCase identifiers other than ${[...RESERVED].join(', ')}`,
      );
    }
    builders[action] = (input?: unknown) => ({
      kind: 'flowops.action-call',
      plugin: contract,
      action,
      uses: `${def.name}.${action}@${major}`,
      effect: spec.effect,
      input: input ?? {},
    });
  }
  return Object.assign(contract, builders) as Plugin<A>;
}

/**
 * The worker side of a plugin: one handler per action of the contract (typed from its schemas).
 * Throws `FlowError` (FLOW_UNKNOWN_ACTION) when a handler is missing or extra.
 * @example
 * ```ts
 * export const worker = implementPlugin(plugin, {
 *   page: { run: async ({ text }) => ({ id: await pager.send(text) }), dryRun: async () => ({ id: 'dry-run' }) },
 * });
 * ```
 */
export function implementPlugin<C extends PluginContract>(contract: C, handlers: PluginImplementation<C>['handlers']): PluginImplementation<C> {
  const declared = Object.keys(contract.actions);
  const given = Object.keys(handlers);
  const missing = declared.filter((a) => !given.includes(a));
  const extra = given.filter((a) => !declared.includes(a));
  if (missing.length > 0 || extra.length > 0) {
    const parts = [
      missing.length > 0 ? `no handler for ${missing.join(', ')}` : '',
      extra.length > 0 ? `handlers for undeclared actions ${extra.join(', ')}` : '',
    ].filter(Boolean);
    throw new FlowError({
      code: 'FLOW_UNKNOWN_ACTION',
      message: `Plugin ${contract.name}: ${parts.join('; ')}`,
      hint: `implement exactly the actions of the contract (${declared.join(', ')})`,
    });
  }
  for (const [action, handler] of Object.entries(handlers) as [string, ActionHandler][]) {
    if (typeof handler?.run !== 'function') {
      throw new FlowError({
        code: 'FLOW_UNKNOWN_ACTION',
        message: `Plugin ${contract.name}: the handler of ${action} has no run() function`,
        hint: 'give each handler an async run(input, ctx)',
      });
    }
  }
  return { kind: 'flowops.plugin-implementation', contract, handlers };
}

/**
 * Is this value an action invocation (`http.get({...})`)?
 * @example
 * ```ts
 * isActionInvocation(http.get({ url: 'https://example.com' })); // true
 * ```
 */
export function isActionInvocation(value: unknown): value is ActionInvocation {
  return typeof value === 'object' && value !== null && (value as { kind?: unknown }).kind === 'flowops.action-call';
}
