/**
 * The flowops/v1 intermediate representation (IR): the one canonical JSON form of a
 * workflow. Everything downstream — the compiler, the interpreter, the registry, plan and
 * drift — consumes this shape. It is plain JSON, validated by these zod schemas, and
 * exported as JSON Schema (see `json-schema.ts`).
 *
 * A schema and its type share one name: `Step` is both the zod schema and `z.infer` of it.
 * @module
 */
import { z } from 'zod';

export const API_VERSION = 'flowops/v1' as const;

/** kebab-case: lowercase letters and digits, words separated by single dashes. */
export const ID_PATTERN = /^[a-z][a-z0-9]*(?:-[a-z0-9]+)*$/;
/** `<plugin>.<action>@<major>`, e.g. `http.request@1`. */
export const USES_PATTERN = /^([a-z][a-z0-9-]*)\.([a-zA-Z][a-zA-Z0-9]*)@(\d+)$/;
/** A duration: an integer followed by ms, s, m, h or d (`500ms`, `30s`, `5m`, `2h`, `1d`). */
export const DURATION_PATTERN = /^(\d+)(ms|s|m|h|d)$/;
/** Semantic version (no build metadata). */
export const SEMVER_PATTERN = /^(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)(?:-[0-9A-Za-z.-]+)?$/;

export const StepId = z.string().regex(ID_PATTERN, 'step id must be kebab-case (e.g. "fetch-user")');
export type StepId = z.infer<typeof StepId>;

export const Duration = z.string().regex(DURATION_PATTERN, 'duration must look like "500ms", "30s", "5m", "2h" or "1d"');
export type Duration = z.infer<typeof Duration>;

export const Uses = z.string().regex(USES_PATTERN, 'uses must look like "<plugin>.<action>@<major>", e.g. "http.request@1"');
export type Uses = z.infer<typeof Uses>;

/**
 * A value in a definition: any JSON. Strings may hold references in double braces:
 * a string that is exactly one reference (`"{{ steps.fetch.output.body }}"`) evaluates to the
 * referenced value with its type; any other string containing `{{ … }}` is a template and
 * evaluates to a string. Roots: `input`, `steps.<id>.output`, `env`, `secret`, `item`, `index`.
 */
export type Value = string | number | boolean | null | Value[] | { [key: string]: Value };
export const Value: z.ZodType<Value> = z.lazy(() => z.union([z.string(), z.number(), z.boolean(), z.null(), z.array(Value), z.record(z.string(), Value)]));

/** Comparison operators of the condition language. */
export const COMPARISON_OPS = ['eq', 'ne', 'gt', 'gte', 'lt', 'lte', 'in', 'contains'] as const;
export type ComparisonOp = (typeof COMPARISON_OPS)[number];

/**
 * A condition, structured (the textual form `steps.check.output.status == 200 and exists(input.tag)`
 * parses to and prints from this). Operands are Values: usually one side is a reference string.
 */
export type Condition =
  | { op: ComparisonOp; left: Value; right: Value }
  | { op: 'exists'; ref: string }
  | { op: 'and'; conditions: Condition[] }
  | { op: 'or'; conditions: Condition[] }
  | { op: 'not'; condition: Condition };
export const Condition: z.ZodType<Condition> = z.lazy(() =>
  z.union([
    z.object({ op: z.enum(COMPARISON_OPS), left: Value, right: Value }).strict(),
    z.object({ op: z.literal('exists'), ref: z.string() }).strict(),
    z.object({ op: z.literal('and'), conditions: z.array(Condition).min(1) }).strict(),
    z.object({ op: z.literal('or'), conditions: z.array(Condition).min(1) }).strict(),
    z.object({ op: z.literal('not'), condition: Condition }).strict(),
  ]),
);

export const Retry = z
  .object({
    maxAttempts: z.number().int().min(1).max(100),
    /** `fixed` (every interval `initialInterval`) or `exponential` (× `coefficient`); Temporal has no linear backoff. */
    backoff: z
      .enum(['fixed', 'exponential'], {
        error: (i) =>
          i.input === 'linear'
            ? "backoff 'linear' is not supported (Temporal retries at fixed or exponential intervals): use 'fixed', or 'exponential' with a coefficient"
            : "backoff must be 'fixed' or 'exponential'",
      })
      .default('exponential'),
    initialInterval: Duration.default('1s'),
    maxInterval: Duration.optional(),
    /** Multiplier for exponential backoff (Temporal's backoffCoefficient). */
    coefficient: z.number().min(1).optional(),
    /** Error types (flowops codes) that are never retried. */
    nonRetryable: z.array(z.string()).optional(),
  })
  .strict();
export type Retry = z.infer<typeof Retry>;

export const OnError = z.enum(['fail', 'continue']);
export type OnError = z.infer<typeof OnError>;

export const Effect = z.enum(['read', 'write']);
export type Effect = z.infer<typeof Effect>;

/**
 * `notifyHuman`: who hears about it, with the run's link, once, when a step's retries are exhausted
 * (or an approval starts waiting). Slack: an incoming webhook (a secret reference) and an optional
 * channel; log: a line in the worker log (`log.write@1`).
 */
export const NotifyHuman = z.union([
  z.object({ slack: z.object({ webhookUrl: z.string().min(1), channel: z.string().min(1).optional() }).strict() }).strict(),
  z.object({ log: z.object({ level: z.enum(['info', 'warn', 'error']).optional() }).strict() }).strict(),
]);
export type NotifyHuman = z.infer<typeof NotifyHuman>;

/**
 * `checkpointAfter`: pause for approval right after the step succeeds (an approval keyed
 * `<step>:checkpoint`). `true` waits up to 1d for anyone allowed to run; the object sets them.
 */
export const CheckpointAfter = z.union([
  z.literal(true),
  z.object({ message: z.string().optional(), approvers: z.array(z.string()).optional(), timeout: Duration.optional() }).strict(),
]);
export type CheckpointAfter = z.infer<typeof CheckpointAfter>;

/** Fields every step kind shares. */
const StepBase = {
  id: StepId,
  name: z.string().optional(),
  /**
   * Steps this one waits for. When absent, a step waits for the step declared before it in
   * the same list (declared order); `[]` means "no dependency" (starts at once).
   */
  dependsOn: z.array(StepId).optional(),
  if: Condition.optional(),
  timeout: Duration.optional(),
  onError: OnError.optional(),
};

/** Names of env variables and secrets (`secret.NAME`, `env.NAME`). */
export const ENV_NAME_PATTERN = /^[A-Za-z_][A-Za-z0-9_]*$/;

/**
 * The secrets a step may resolve: the names its own `with` references, recorded by the compiler.
 * Optional so older and hand-written IRs still parse (the runtime derives the set from `with`
 * then); a secret outside it is refused inside the activity.
 */
export const StepSecrets = z.array(z.string().regex(ENV_NAME_PATTERN));
export type StepSecrets = z.infer<typeof StepSecrets>;

/** An action invocation: what compensation runs. */
export const ActionCall = z.object({ uses: Uses, with: z.record(z.string(), Value).default({}), effect: Effect, secrets: StepSecrets.optional() }).strict();
export type ActionCall = z.infer<typeof ActionCall>;

export const ActionStep = z
  .object({
    ...StepBase,
    type: z.literal('action'),
    uses: Uses,
    with: z.record(z.string(), Value).default({}),
    effect: Effect,
    /** Secret names this step's `with` references (see `StepSecrets`). */
    secrets: StepSecrets.optional(),
    retry: Retry.optional(),
    /**
     * How long the worker may go silent before the attempt counts as lost and is retried
     * (Temporal heartbeat timeout; the runtime heartbeats for every plugin). Default 20s.
     */
    heartbeatTimeout: Duration.optional(),
    /**
     * Bound on the step as a whole: every attempt and the waits between them (Temporal
     * schedule-to-close timeout). `timeout` bounds one attempt. Default: none.
     */
    totalTimeout: Duration.optional(),
    /** Undo for this step, run in reverse order of completion when the run fails. */
    compensate: ActionCall.optional(),
    /** Reuse a previous result of the same action and input (read actions only). */
    cache: z.object({ ttl: Duration }).strict().optional(),
    /** Tell a human when this step fails for good (retries exhausted); overrides the workflow's. */
    notifyHuman: NotifyHuman.optional(),
    /** A failure waits for an operator (`flowops runs skip`) instead of failing the run; needs `fallbackOutput`. */
    allowSkip: z.boolean().optional(),
    /** The output a skipped step produces (references allowed). */
    fallbackOutput: Value.optional(),
    /** Pause for approval after this step succeeds. */
    checkpointAfter: CheckpointAfter.optional(),
  })
  .strict();
export type ActionStep = z.infer<typeof ActionStep>;

export const SleepStep = z.object({ ...StepBase, type: z.literal('sleep'), duration: Duration }).strict();
export type SleepStep = z.infer<typeof SleepStep>;

export const ApprovalStep = z
  .object({
    ...StepBase,
    type: z.literal('approval'),
    message: z.string(),
    /** GitHub logins or `org/team` slugs allowed to decide; empty means anyone allowed to run. */
    approvers: z.array(z.string()).default([]),
    /** How long to wait for a decision (required: a human checkpoint must not wait forever). */
    timeout: Duration,
    onTimeout: z.enum(['reject', 'approve']).default('reject'),
    /** Tell a human the approval is waiting; overrides the workflow's. */
    notifyHuman: NotifyHuman.optional(),
  })
  .strict();
export type ApprovalStep = z.infer<typeof ApprovalStep>;

export const CallStep = z
  .object({
    ...StepBase,
    type: z.literal('call'),
    /** Name of another flowops workflow. */
    workflow: z.string().regex(ID_PATTERN),
    /** Pinned version; absent means the active version of the target environment. */
    version: z.string().regex(SEMVER_PATTERN).optional(),
    with: z.record(z.string(), Value).default({}),
  })
  .strict();
export type CallStep = z.infer<typeof CallStep>;

export type Step = ActionStep | SleepStep | ApprovalStep | CallStep | ParallelStep | ForEachStep | WhenStep;

export type ParallelStep = z.infer<typeof StepBaseObject> & { type: 'parallel'; steps: Step[] };
export type ForEachStep = z.infer<typeof StepBaseObject> & {
  type: 'forEach';
  /** A reference to an array, e.g. `"{{ input.customers }}"`. */
  items: Value;
  /** At most this many iterations run at once; absent means unbounded (warned). */
  maxParallel?: number | undefined;
  /** Start at most this many items per second (workflow timers). */
  rateLimit?: number | undefined;
  /** Stop scheduling items once more than `maxFailureRate` of the finished ones failed (after `minItems`). */
  circuitBreaker?: CircuitBreaker | undefined;
  /** Also bind the item under this name in the body (`{{ <as>.field }}`), so nested loops can read it. */
  as?: string | undefined;
  steps: Step[];
};
export type WhenStep = z.infer<typeof StepBaseObject> & {
  type: 'when';
  condition: Condition;
  then: Step[];
  else?: Step[] | undefined;
};

const StepBaseObject = z.object(StepBase);

/** Names a forEach may bind its item to (`as`): camelCase or kebab-case. */
export const LOOP_NAME_PATTERN = /^[a-z][a-zA-Z0-9]*(?:-[a-z0-9]+)*$/;
/** Names a forEach's `as` may not take (reference roots and near-misses of them). */
export const RESERVED_LOOP_NAMES: ReadonlySet<string> = new Set([
  'input',
  'steps',
  'env',
  'secret',
  'item',
  'index',
  'run',
  'step',
  'secrets',
  'inputs',
  'output',
  'outputs',
  'envs',
  'items',
  'indexes',
]);

/** A forEach's circuit breaker: failed items tolerated up to a rate; past it, no new items and the step fails. */
export const CircuitBreaker = z
  .object({
    /** Fraction of finished items (0 < rate < 1) that may fail; more trips the breaker. */
    maxFailureRate: z.number().gt(0).lt(1),
    /** Items that must have finished before the rate is judged. */
    minItems: z.number().int().min(1),
  })
  .strict();
export type CircuitBreaker = z.infer<typeof CircuitBreaker>;

export const ParallelStep: z.ZodType<ParallelStep> = z.lazy(() => z.object({ ...StepBase, type: z.literal('parallel'), steps: z.array(Step).min(1) }).strict());
export const ForEachStep: z.ZodType<ForEachStep> = z.lazy(() =>
  z
    .object({
      ...StepBase,
      type: z.literal('forEach'),
      items: Value,
      maxParallel: z.number().int().min(1).optional(),
      rateLimit: z.number().gt(0).max(1000).optional(),
      circuitBreaker: CircuitBreaker.optional(),
      as: z
        .string()
        .regex(LOOP_NAME_PATTERN, 'a camelCase or kebab-case name')
        .refine((n) => !RESERVED_LOOP_NAMES.has(n), 'a name other than a reference root (input, steps, env, secret, item, index, run, step)')
        .optional(),
      steps: z.array(Step).min(1),
    })
    .strict(),
);
export const WhenStep: z.ZodType<WhenStep> = z.lazy(() =>
  z
    .object({
      ...StepBase,
      type: z.literal('when'),
      condition: Condition,
      then: z.array(Step).min(1),
      else: z.array(Step).optional(),
    })
    .strict(),
);

export const Step: z.ZodType<Step> = z.lazy(() => z.union([ActionStep, SleepStep, ApprovalStep, CallStep, ParallelStep, ForEachStep, WhenStep]));

export const StepKind = z.enum(['action', 'sleep', 'approval', 'call', 'parallel', 'forEach', 'when']);
export type StepKind = z.infer<typeof StepKind>;

export const Trigger = z.union([
  z.object({ type: z.literal('manual') }).strict(),
  z
    .object({
      type: z.literal('cron'),
      /** Five-field cron expression, e.g. `"0 3 * * *"`. */
      schedule: z.string().min(1),
      timezone: z.string().optional(),
      input: z.record(z.string(), Value).optional(),
    })
    .strict(),
  /** `POST /hooks/<name>` on `flowops gateway` with a key from `flowops keys create`; the JSON body is the input. */
  z.object({ type: z.literal('webhook') }).strict(),
]);
export type Trigger = z.infer<typeof Trigger>;

/**
 * Who may see a workflow's runs (status URL) and run it from GitHub: `private` only the owner team
 * (`/flowops run`) and holders of a webhook key (status URL), `public` every writer / anyone with
 * the link. When omitted, `effectiveVisibility` (visibility.ts) says what applies on each surface.
 */
export const Visibility = z.enum(['private', 'public']);
export type Visibility = z.infer<typeof Visibility>;

export const Defaults = z
  .object({ retry: Retry.optional(), timeout: Duration.optional(), totalTimeout: Duration.optional(), onError: OnError.optional() })
  .strict();
export type Defaults = z.infer<typeof Defaults>;

/** A JSON Schema object describing the workflow's input (generated from the zod input schema). */
export const InputSchema = z.record(z.string(), z.unknown());
export type InputSchema = z.infer<typeof InputSchema>;

export const Workflow = z
  .object({
    apiVersion: z.literal(API_VERSION),
    kind: z.literal('Workflow'),
    name: z.string().regex(ID_PATTERN, 'workflow name must be kebab-case'),
    version: z.string().regex(SEMVER_PATTERN, 'version must be semver, e.g. "1.2.0"'),
    /** Team or person accountable (GitHub `@org/team` or login). */
    owner: z.string().min(1),
    description: z.string().optional(),
    input: InputSchema,
    triggers: z.array(Trigger).default([{ type: 'manual' }]),
    /** Omitted: `private` for the status URL, open to writers for `/flowops run` (`effectiveVisibility`). */
    visibility: Visibility.optional(),
    defaults: Defaults.optional(),
    /** Default `notifyHuman` of every action and approval step that sets none. */
    notifyHuman: NotifyHuman.optional(),
    steps: z.array(Step).min(1),
    /** The run's result: values (usually references) keyed by name. */
    output: z.record(z.string(), Value).optional(),
  })
  .strict();
export type Workflow = z.infer<typeof Workflow>;
/** The IR as written before defaults are applied. */
export type WorkflowInput = z.input<typeof Workflow>;

/** Parse a duration string into milliseconds. Returns undefined for malformed strings. */
export function durationToMs(duration: string): number | undefined {
  const m = DURATION_PATTERN.exec(duration);
  if (!m) return undefined;
  const n = Number(m[1]);
  const unit = m[2] as 'ms' | 's' | 'm' | 'h' | 'd';
  const factor = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 }[unit];
  return n * factor;
}

/** Split `uses` into plugin, action and major version. */
export function parseUses(uses: string): { plugin: string; action: string; major: number } | undefined {
  const m = USES_PATTERN.exec(uses);
  if (!m) return undefined;
  return { plugin: m[1]!, action: m[2]!, major: Number(m[3]) };
}

/** Child step lists of a step (parallel, forEach, when); empty for leaf steps. */
export function childStepLists(step: Step): Step[][] {
  switch (step.type) {
    case 'parallel':
    case 'forEach':
      return [step.steps];
    case 'when':
      return step.else ? [step.then, step.else] : [step.then];
    default:
      return [];
  }
}

/** Every step of a workflow, depth-first in declared order, with its parent chain. */
export function* walkSteps(steps: Step[], parents: Step[] = []): Generator<{ step: Step; parents: Step[] }> {
  for (const step of steps) {
    yield { step, parents };
    for (const list of childStepLists(step)) yield* walkSteps(list, [...parents, step]);
  }
}
