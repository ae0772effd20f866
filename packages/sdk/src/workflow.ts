/**
 * `defineWorkflow`: a workflow module's default export, compiled to the flowops/v1 IR by `toIR`.
 * @module
 */
import { API_VERSION, type Trigger, type Value, type Visibility, type WorkflowInput } from '@flowops/core';
import { z } from 'zod';
import type { PluginContract, WorkflowDefinition } from './contracts';
import { inputJsonSchema } from './input-schema';
import { type Ref, ref } from './ref';
import { toRecord } from './serialize';
import { childSteps } from './step-control';
import type { NotifyHumanOptions, RetryOptions } from './step-action';
import type { DurationString, StepNode } from './step-node';

/**
 * What the `steps` function receives: a typed handle to the workflow input.
 * @example
 * ```ts
 * steps: ({ input }) => [step('greet', log.write({ message: tpl`hello ${input.name}` }))]
 * ```
 */
export interface WorkflowContext<I> {
  input: Ref<I>;
}

/**
 * Workflow-wide defaults applied to every action step that does not set its own.
 * @example
 * ```ts
 * const defaults: WorkflowDefaults = { retry: { maxAttempts: 3 }, timeout: '1m', onError: 'fail' };
 * ```
 */
export interface WorkflowDefaults {
  retry?: RetryOptions;
  /** Bound on one attempt of a step (Temporal start-to-close). */
  timeout?: DurationString;
  /** Bound on a step's attempts and the waits between them (Temporal schedule-to-close). */
  totalTimeout?: DurationString;
  onError?: 'fail' | 'continue';
}

/**
 * What `steps` returns: the top-level steps in declared order, optionally with the run's outputs.
 * @example
 * ```ts
 * steps: ({ input }) => {
 *   const fetch = step('fetch', http.get({ url: input.url }));
 *   return { steps: [fetch], output: { status: fetch.output.status } };
 * }
 * ```
 */
export type StepsResult = readonly StepNode[] | { steps: readonly StepNode[]; output?: Record<string, unknown> };

/**
 * Everything `defineWorkflow` takes.
 * @example
 * ```ts
 * const spec: WorkflowSpec<typeof Input> = { name: 'ping', owner: '@acme/sre', input: Input, steps: () => [] };
 * ```
 */
export interface WorkflowSpec<S extends z.ZodObject> {
  /** kebab-case, unique in the repository. */
  name: string;
  /** Team or person accountable (GitHub `@org/team` or login). */
  owner: string;
  description?: string;
  /** zod object schema of the input; becomes JSON Schema in the IR. */
  input: S;
  /** Default: manual only. `{ type: 'webhook' }`: started by `POST /hooks/<name>` on `flowops gateway` with a key. */
  triggers?: z.input<typeof Trigger>[];
  /** `private` (default: the owner team and webhook key holders see runs) or `public` (anyone with the status link). */
  visibility?: Visibility;
  defaults?: WorkflowDefaults;
  /** Tell a human (with the run's link) when any action step fails for good or an approval waits; a step's own wins. */
  notifyHuman?: NotifyHumanOptions;
  /** Static outputs (values or input handles); merged with outputs returned by `steps`. */
  output?: Record<string, unknown>;
  steps: (ctx: WorkflowContext<z.output<S>>) => StepsResult;
}

/**
 * Define a workflow. `steps` gets typed handles and returns the steps; `toIR(version)` compiles
 * the definition to flowops/v1 (the version comes from the workflow's package.json).
 * @example
 * ```ts
 * import { defineWorkflow, step, tpl, secret } from '@flowops/sdk';
 * import http from '@flowops/plugin-http';
 * import { z } from 'zod';
 *
 * export default defineWorkflow({
 *   name: 'sync-user',
 *   owner: '@acme/identity',
 *   input: z.object({ apiBase: z.string().url(), userId: z.string() }),
 *   defaults: { retry: { maxAttempts: 3 }, timeout: '30s' },
 *   steps: ({ input }) => {
 *     const fetch = step('fetch-user', http.get({ url: tpl`${input.apiBase}/users/${input.userId}` }));
 *     return { steps: [fetch], output: { user: fetch.output.body } };
 *   },
 * });
 * ```
 */
export function defineWorkflow<S extends z.ZodObject>(spec: WorkflowSpec<S>): WorkflowDefinition<S> {
  let built: { steps: readonly StepNode[]; output?: Record<string, unknown> } | undefined;
  const build = () => {
    if (!built) {
      const result = spec.steps({ input: ref<z.output<S>>('input') });
      built = Array.isArray(result) ? { steps: result } : (result as { steps: readonly StepNode[] });
    }
    return built;
  };
  const definition: WorkflowDefinition<S> = {
    kind: 'flowops.workflow',
    name: spec.name,
    owner: spec.owner,
    ...(spec.description !== undefined ? { description: spec.description } : {}),
    inputSchema: spec.input,
    get plugins(): PluginContract[] {
      const byKey = new Map<string, PluginContract>();
      for (const s of build().steps) for (const inv of s.invocations) byKey.set(`${inv.plugin.name}@${inv.plugin.version}`, inv.plugin);
      return [...byKey.values()];
    },
    toIR(version: string): WorkflowInput {
      const { steps, output } = build();
      const ir: Record<string, unknown> = {
        apiVersion: API_VERSION,
        kind: 'Workflow',
        name: spec.name,
        version,
        owner: spec.owner,
      };
      if (spec.description !== undefined) ir.description = spec.description;
      ir.input = inputJsonSchema(spec.input);
      if (spec.triggers !== undefined) ir.triggers = spec.triggers.map((t) => toRecord(t, 'triggers'));
      if (spec.visibility !== undefined) ir.visibility = spec.visibility;
      if (spec.defaults !== undefined) ir.defaults = toRecord(spec.defaults, 'defaults');
      if (spec.notifyHuman !== undefined) ir.notifyHuman = toRecord(spec.notifyHuman, 'notifyHuman');
      ir.steps = childSteps(spec.name, steps, 'steps');
      const outputs = { ...(spec.output ?? {}), ...(output ?? {}) };
      if (Object.keys(outputs).length > 0) ir.output = toRecord(outputs, 'output') satisfies Record<string, Value>;
      return ir as WorkflowInput;
    },
  };
  return definition;
}
