/**
 * One Temporal activity per plugin action (`<plugin>.<action>@<major>`). Inside the activity —
 * and only here — secret values fill the slots the interpreter recorded (`secretSlots`, only for
 * secrets the step's definition names: `secrets`); the input is validated against the
 * action's zod schema; `run` is called, or in a dry-run for `write` actions `dryRun` (or a default
 * simulation); the output is validated; secret values and sensitive keys are redacted from the
 * result and from error messages before anything goes back into history.
 * @module
 */
import { type Effect, type FlowCode, fillSecrets, formatIssue, slotSecretNames } from '@flowops/core';
import type { ActionContext, SecretResolver } from '@flowops/sdk';
import { Context } from '@temporalio/activity';
import { ApplicationFailure } from '@temporalio/common';
import type { z } from 'zod';
import { type Redactor, createRedactor } from '../redaction';
import type { ActionRequest, ActionResponse } from '../workflows/types';
import { finalFailure, requestIdempotencyKey, withHeartbeats } from './liveness';

/** What an activity needs to know about one action (a contract action + its handler, or a test mock). */
export interface ActionSpec {
  uses: string;
  effect: Effect;
  input?: z.ZodType | undefined;
  output?: z.ZodType | undefined;
  run(input: unknown, ctx: ActionContext): Promise<unknown>;
  dryRun?: ((input: unknown, ctx: ActionContext) => Promise<unknown>) | undefined;
}

export type ActionLog = (level: 'debug' | 'info' | 'warn' | 'error', message: string, fields?: Record<string, unknown>) => void;

/** Observes each action execution (Prometheus counters/histograms on the worker). */
export type ActionObserver = (event: { action: string; outcome: 'succeeded' | 'failed' | 'simulated'; durationMs: number; code?: string | undefined }) => void;

export interface ActivityDeps {
  secrets: SecretResolver & { values?: () => string[] };
  /** Builds the redactor for one call from the secret values it used (default: `createRedactor`). */
  redactorFor?: ((secretValues: string[]) => Redactor) | undefined;
  log?: ActionLog | undefined;
  observe?: ActionObserver | undefined;
}

function failure(code: FlowCode, message: string, nonRetryable: boolean, hint?: string): ApplicationFailure {
  return ApplicationFailure.create({ type: code, message: formatIssue({ code, message, hint }), nonRetryable });
}

/** A step asked for secrets its definition does not name (names only, never values). */
function notReferenced(uses: string, stepId: string, names: string[]): ApplicationFailure {
  const list = names.map((n) => `"${n}"`).join(', ');
  return failure(
    'FLOW_SECRET_NOT_REFERENCED',
    `${uses} (step "${stepId}") asked for secret ${list}, which the step's definition does not reference; nothing was resolved`,
    true,
    `reference the secret by name in this step's "with" (secret('NAME') or {{ secret.NAME }}); a step resolves only the secrets its definition names, never ones assembled from data`,
  );
}

function zodIssues(error: z.ZodError): string {
  return error.issues.map((i) => `${i.path.length ? i.path.join('.') : '(root)'}: ${i.message}`).join('; ');
}

/** Normalise anything a handler throws to an ApplicationFailure (type FLOW_PLUGIN_ERROR unless it carries one). */
export function pluginFailure(uses: string, err: unknown, redactor: Redactor): ApplicationFailure {
  if (err instanceof ApplicationFailure) return redactor.redactError(err);
  const e = err as { message?: unknown; code?: unknown; retryable?: unknown; nonRetryable?: unknown };
  const raw = typeof e?.message === 'string' ? e.message : String(err);
  const nonRetryable = e?.nonRetryable === true || e?.retryable === false;
  const code = typeof e?.code === 'string' && /^FLOW_[A-Z_]+$/.test(e.code) ? (e.code as FlowCode) : 'FLOW_PLUGIN_ERROR';
  return ApplicationFailure.create({ type: code, message: `${uses}: ${redactor.redactText(raw)}`, nonRetryable });
}

/** Build the activity function for one action. */
export function createActionActivity(spec: ActionSpec, deps: ActivityDeps): (req: ActionRequest) => Promise<ActionResponse> {
  const redactorFor = deps.redactorFor ?? ((values: string[]) => createRedactor(values));
  let keysOnly: Redactor | undefined; // reused while no secret value is known (sensitive keys only)
  return async function flowopsAction(req: ActionRequest): Promise<ActionResponse> {
    const ctx = Context.current();
    const { info } = ctx;
    const started = Date.now();
    // Secrets come only from the slots the sandbox recorded on the step's parsed templates; `with`
    // itself is data and is never scanned. A slot naming a secret the step's definition does not
    // name is refused.
    const slots = Array.isArray(req.secretSlots) ? req.secretSlots : [];
    const names = slotSecretNames(slots);
    const allowed = new Set(Array.isArray(req.secrets) ? req.secrets : []);
    const refused = names.filter((name) => !allowed.has(name));
    if (refused.length > 0) throw notReferenced(spec.uses, req.stepId, refused);
    const values = new Map<string, string>();
    for (const name of names) values.set(name, await deps.secrets.get(name)); // FLOW_SECRET_MISSING, non-retryable
    const known = [...values.values(), ...(deps.secrets.values?.() ?? [])];
    const redactor = known.length > 0 ? redactorFor(known) : (keysOnly ??= redactorFor([]));
    const log: ActionLog = (level, message, fields) =>
      deps.log?.(level, redactor.redactText(message), redactor.redact({ action: spec.uses, step: req.stepId, attempt: info.attempt, ...fields }));
    const observe = (outcome: 'succeeded' | 'failed' | 'simulated', code?: string): void =>
      deps.observe?.({ action: spec.uses, outcome, durationMs: Date.now() - started, code });
    try {
      const resolved = fillSecrets({ value: req.with, slots }, (name) => values.get(name));
      if (!resolved.ok) {
        const issue = resolved.issues[0]!;
        throw failure(issue.code, redactor.redactText(issue.message), true, issue.hint);
      }
      let input: unknown = resolved.value;
      if (spec.input) {
        const parsed = spec.input.safeParse(input);
        if (!parsed.success) {
          throw failure(
            'FLOW_PLUGIN_INPUT',
            `Input of ${spec.uses} (step "${req.stepId}") is invalid: ${redactor.redactText(zodIssues(parsed.error))}`,
            true,
            `fix the step's "with" to match the ${spec.uses} input schema`,
          );
        }
        input = parsed.data;
      }
      const simulate = req.dryRun && (spec.effect === 'write' || req.simulate === true);
      let idempotencyKey: string | undefined;
      const actx: ActionContext = {
        workflowId: info.workflowExecution?.workflowId ?? '',
        runId: info.workflowExecution?.runId ?? '',
        stepId: req.stepId,
        attempt: info.attempt,
        dryRun: req.dryRun,
        signal: ctx.cancellationSignal,
        log,
        heartbeat: (details) => ctx.heartbeat(details),
        // hashed when the plugin reads it (most never do)
        get idempotencyKey(): string {
          idempotencyKey ??= requestIdempotencyKey(info.workflowExecution?.workflowId ?? '', req);
          return idempotencyKey;
        },
      };
      let output: unknown;
      try {
        if (!simulate) output = await withHeartbeats(ctx, () => spec.run(input, actx), req.failuresFinal === true);
        else if (spec.dryRun) output = await withHeartbeats(ctx, () => spec.dryRun!(input, actx), req.failuresFinal === true);
        else output = { simulated: true, action: spec.uses };
      } catch (err) {
        throw pluginFailure(spec.uses, err, redactor);
      }
      if (spec.output && !(simulate && !spec.dryRun)) {
        const parsed = spec.output.safeParse(output);
        if (!parsed.success) {
          throw failure(
            'FLOW_PLUGIN_ERROR',
            `${spec.uses} returned output that does not match its contract: ${redactor.redactText(zodIssues(parsed.error))}`,
            true,
            'fix the plugin implementation (or its contract) so they agree',
          );
        }
        output = parsed.data;
      }
      observe(simulate ? 'simulated' : 'succeeded');
      return { output: redactor.redact(output), simulated: simulate, attempt: info.attempt };
    } catch (err) {
      const f = finalFailure(req, err instanceof ApplicationFailure ? redactor.redactError(err) : pluginFailure(spec.uses, err, redactor));
      observe('failed', f.type ?? undefined);
      log('warn', `${spec.uses} failed`, { code: f.type, error: f.message });
      throw f;
    }
  };
}
