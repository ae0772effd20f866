/**
 * The shapes shared by authoring (SDK), the compiler's plugin catalog and the worker:
 * plugin contracts, plugin implementations and workflow definitions.
 * @module
 */
import type { z } from 'zod';
import type { Effect, WorkflowInput } from '@flowops/core';

/**
 * One action of a plugin: typed input/output and whether it has side effects.
 * @example
 * ```ts
 * const get: ActionContract = { effect: 'read', input: z.object({ url: z.string() }), output: z.object({ status: z.number() }) };
 * ```
 */
export interface ActionContract<I extends z.ZodType = z.ZodType, O extends z.ZodType = z.ZodType> {
  description?: string;
  /** `read` is safe to run in a dry-run; `write` is simulated there by its `dryRun` handler. */
  effect: Effect;
  input: I;
  output: O;
  /**
   * Input fields that carry a credential. `flowops check` refuses a literal, an `env()` value or
   * a workflow input there (FLOW_HARDCODED_SECRET, FLOW_CREDENTIAL_NOT_SECRET): it must be
   * `secret('…')`, and the hint names the field's documented secret.
   */
  sensitive?: readonly SensitiveField[];
}

/**
 * One credential-bearing input field of an action (`ActionContract.sensitive`).
 * @example
 * ```ts
 * const token: SensitiveField = { path: 'token', secret: 'GITHUB_TOKEN' };
 * const auth: SensitiveField = { path: 'headers.Authorization' }; // a key of a record, any letter case
 * ```
 */
export interface SensitiveField {
  /** Dot path into the action's input (`token`, `headers.Authorization`); segments match without regard to case, as HTTP header names do. */
  path: string;
  /** The secret name the plugin documents for this field (`GITHUB_TOKEN`), used in the compiler's hints. */
  secret?: string;
}

/**
 * What `definePlugin` returns: importable without the implementation.
 * @example
 * ```ts
 * import http from '@flowops/plugin-http';
 * const contract: PluginContract = http; // contract.name === 'http'
 * ```
 */
export interface PluginContract<A extends Record<string, ActionContract> = Record<string, ActionContract>> {
  kind: 'flowops.plugin';
  /** Plugin name as used in `uses` (`http` in `http.request@1`). */
  name: string;
  /** Semver; its major is the `@<major>` in `uses`. */
  version: string;
  description?: string;
  actions: A;
}

/**
 * Secret lookup available to activities only. Values never leave the activity unredacted.
 * @example
 * ```ts
 * const secrets: SecretResolver = { get: async (name) => vault.read(name) };
 * ```
 */
export interface SecretResolver {
  get(name: string): Promise<string>;
}

/**
 * Context handed to an action handler on the worker.
 * @example
 * ```ts
 * async run(input, ctx: ActionContext) {
 *   ctx.log('info', 'calling', { step: ctx.stepId });
 *   // the same key on every attempt of this step, after a worker crash and after continue-as-new
 *   await fetch(url, { method: 'POST', headers: { 'Idempotency-Key': ctx.idempotencyKey } });
 * }
 * ```
 */
export interface ActionContext {
  /** Workflow run being served (for logs and idempotency keys). */
  workflowId: string;
  runId: string;
  stepId: string;
  attempt: number;
  /**
   * 32 hex characters derived from the workflow id and the step key (forEach iteration
   * included): stable across attempts, worker crashes and continue-as-new, distinct per step.
   * Send it wherever the target deduplicates (an `Idempotency-Key` header, a client token, a
   * marker to look for before creating) so a retried attempt does not repeat the side effect.
   * Templates see the same value as `{{ step.key }}`.
   */
  idempotencyKey: string;
  dryRun: boolean;
  signal: AbortSignal;
  log: (level: 'debug' | 'info' | 'warn' | 'error', message: string, fields?: Record<string, unknown>) => void;
  /** Report liveness on long actions. */
  heartbeat: (details?: unknown) => void;
}

/**
 * One action's worker code: `run`, and optionally `dryRun` (the simulation of a `write`).
 * @example
 * ```ts
 * const handler: ActionHandler<{ url: string }, { status: number }> = { run: async ({ url }) => ({ status: (await fetch(url)).status }) };
 * ```
 */
export interface ActionHandler<I = unknown, O = unknown> {
  run(input: I, ctx: ActionContext): Promise<O>;
  /** Simulation used in a dry-run for `write` actions; must not cause side effects. */
  dryRun?(input: I, ctx: ActionContext): Promise<O>;
}

/**
 * Worker side of a plugin: one handler per contract action.
 * @example
 * ```ts
 * const impl: PluginImplementation<typeof http> = implementPlugin(http, { request: { run }, get: { run } });
 * ```
 */
export interface PluginImplementation<C extends PluginContract = PluginContract> {
  kind: 'flowops.plugin-implementation';
  contract: C;
  handlers: {
    [K in keyof C['actions']]: ActionHandler<z.output<C['actions'][K]['input']>, z.input<C['actions'][K]['output']>>;
  };
}

/**
 * What `defineWorkflow` returns (a module's default export). `S` is the zod input schema.
 * @example
 * ```ts
 * import deploy from './workflow';
 * const ir = deploy.toIR('1.4.0'); // flowops/v1 IR; deploy.inputSchema?.parse(fixture)
 * ```
 */
export interface WorkflowDefinition<S extends z.ZodType = z.ZodType> {
  kind: 'flowops.workflow';
  name: string;
  /**
   * The IR of this workflow. The version is not part of the authoring source: it comes from
   * the workflow package's package.json and is supplied by the compiler.
   */
  toIR(version: string): WorkflowInput;
  /** Plugin contracts the steps use (for catalog checks and typed validation). */
  plugins: PluginContract[];
  /**
   * The zod schema of the workflow input (validates fixtures, CLI and comment arguments).
   * Always set by `defineWorkflow`; optional so hand-written definitions stay valid.
   */
  inputSchema?: S;
  /** Team or person accountable, as given to `defineWorkflow`. */
  owner?: string;
  description?: string;
}

/**
 * Is this value a workflow definition (a `defineWorkflow` result)?
 * @example
 * ```ts
 * const mod = await import(file);
 * if (isWorkflowDefinition(mod.default)) mod.default.toIR(version);
 * ```
 */
export function isWorkflowDefinition(value: unknown): value is WorkflowDefinition {
  return typeof value === 'object' && value !== null && (value as { kind?: unknown }).kind === 'flowops.workflow';
}

/**
 * Is this value a plugin contract (a `definePlugin` result)?
 * @example
 * ```ts
 * isPluginContract(http); // true
 * ```
 */
export function isPluginContract(value: unknown): value is PluginContract {
  return typeof value === 'object' && value !== null && (value as { kind?: unknown }).kind === 'flowops.plugin';
}
