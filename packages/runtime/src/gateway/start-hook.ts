/**
 * `POST /hooks/<workflow>`: key (401) → rate limit (429) → body (413, 400) → definition (404, 403)
 * → input (422) → start (202 with the run and its status URL). Nothing starts unless every check
 * passes. With `Idempotency-Key` the workflow id is derived from the workflow, the key's prefix and
 * that value, and the start refuses a duplicate id (Temporal's REJECT_DUPLICATE), so a retried
 * request answers with the run the first one started.
 * @module
 */
import { createHash } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { FlowError, type FlowIssue } from '@flowops/core';
import { WorkflowExecutionAlreadyStartedError } from '@temporalio/client';
import { DEFAULT_MAX_INPUT_BYTES } from '../client/input-limits';
import { runWorkflowId, startRun } from '../client/runs';
import { validateInput } from '../client/validate-input';
import type { KeyRecord } from '../workflows/registry/keys-types';
import { readBody } from './read-body';
import { refuse, reply } from './respond';
import { type GatewayOptions, presentedKey } from './types';

const IDEMPOTENCY_KEY = /^[\x21-\x7e]{1,200}$/;

/** The run-id suffix of an idempotent request: the same workflow, key and Idempotency-Key give the same run. */
export function idempotentRunId(workflow: string, prefix: string, idempotencyKey: string): string {
  return `hook-${createHash('sha256').update(`${workflow}\0${prefix}\0${idempotencyKey}`).digest('hex').slice(0, 24)}`;
}

const unauthorized = (workflow: string): FlowIssue => ({
  code: 'FLOW_WEBHOOK_UNAUTHORIZED',
  message: `no valid key for ${workflow}: the key is missing, malformed, unknown, revoked or wrong; nothing was started`,
  hint: `send a key from \`flowops keys create ${workflow} --env <env>\` in "Authorization: Bearer <key>" or "X-Flowops-Key"`,
});

const malformed = (message: string): FlowIssue => ({
  code: 'FLOW_WEBHOOK_MALFORMED',
  message: `${message}; nothing was started`,
  hint: 'send the workflow input as a JSON object with Content-Type: application/json',
});

/** Status code of a FlowError raised while resolving or starting. */
function statusOf(code: string): number {
  if (code === 'FLOW_UNKNOWN_WORKFLOW' || code === 'FLOW_UNKNOWN_VERSION') return 404;
  if (code === 'FLOW_INVALID_INPUT' || code === 'FLOW_INPUT_TOO_DEEP') return 422;
  if (code === 'FLOW_INPUT_TOO_LARGE' || code === 'FLOW_RUN_TOO_LARGE') return 413;
  if (code === 'FLOW_TEMPORAL_UNREACHABLE') return 503;
  return 500;
}

/** The handler's shared state: rate buckets and when each key's use was last recorded. */
export interface HookState {
  take(prefix: string): number;
  lastTouch: Map<string, number>;
}

/** Base URL of status links. */
export function baseUrl(o: GatewayOptions, req: IncomingMessage): string {
  return (o.publicUrl ?? `http://${req.headers.host ?? '127.0.0.1'}`).replace(/\/$/, '');
}

/** Verify the presented key of `workflow`: the record, or undefined (401). */
export async function authenticate(o: GatewayOptions, req: IncomingMessage, workflow: string): Promise<KeyRecord | undefined> {
  const key = presentedKey(req.headers);
  return key ? o.keys.verify(workflow, key) : undefined;
}

export async function startHook(o: GatewayOptions, state: HookState, req: IncomingMessage, res: ServerResponse, workflow: string): Promise<void> {
  const log = o.log ?? (() => {});
  const close = { connection: 'close' };
  const record = await authenticate(o, req, workflow);
  if (!record) {
    log({ msg: 'webhook refused: no valid key', workflow, status: 401 });
    return refuse(res, 401, [unauthorized(workflow)], { ...close, 'www-authenticate': 'Bearer' });
  }
  const prefix = record.prefix;
  const wait = state.take(prefix);
  if (wait > 0) {
    log({ msg: 'webhook refused: rate limit', workflow, prefix, status: 429 });
    const issue: FlowIssue = {
      code: 'FLOW_WEBHOOK_RATE_LIMITED',
      message: `key ${prefix} is over its rate limit; nothing was started`,
      hint: `retry after ${wait} s (Retry-After), or spread the requests out`,
    };
    return refuse(res, 429, [issue], { ...close, 'retry-after': String(wait) });
  }
  const idempotencyKey = req.headers['idempotency-key'];
  if (idempotencyKey !== undefined && (typeof idempotencyKey !== 'string' || !IDEMPOTENCY_KEY.test(idempotencyKey))) {
    return refuse(res, 400, [malformed('Idempotency-Key must be 1 to 200 visible ASCII characters')], close);
  }
  const maxBytes = o.maxBodyBytes ?? o.inputLimits?.maxBytes ?? DEFAULT_MAX_INPUT_BYTES;
  const read = await readBody(req, maxBytes);
  if (read.kind === 'aborted') return;
  if (read.kind === 'too-large') {
    log({ msg: 'webhook refused: body too large', workflow, prefix, status: 413 });
    const issue: FlowIssue = {
      code: 'FLOW_WEBHOOK_TOO_LARGE',
      message: `the body is larger than ${maxBytes} bytes; nothing was started`,
      hint: 'pass a reference to large data (a URL, an object-store key) instead of the data itself',
    };
    return refuse(res, 413, [issue], close);
  }
  let input: unknown;
  try {
    input = JSON.parse(read.body.toString('utf8'));
  } catch {
    log({ msg: 'webhook refused: body is not JSON', workflow, prefix, status: 400 });
    return refuse(res, 400, [malformed('the body is not JSON')]);
  }
  if (typeof input !== 'object' || input === null || Array.isArray(input)) {
    return refuse(res, 400, [malformed('the body is not a JSON object')]);
  }
  try {
    const def = await o.definitions(workflow);
    if (!def.ir.triggers.some((t) => t.type === 'webhook')) {
      const issue: FlowIssue = {
        code: 'FLOW_WEBHOOK_DISABLED',
        message: `${workflow}@${def.ir.version} does not declare a webhook trigger; nothing was started`,
        hint: "add `triggers: [{ type: 'webhook' }]` to the workflow and publish it",
      };
      return refuse(res, 403, [issue]);
    }
    const valid = validateInput(def.ir, input, { limits: o.inputLimits });
    if (!valid.ok) {
      log({ msg: 'webhook refused: invalid input', workflow, prefix, status: statusOf(valid.issues[0]?.code ?? ''), codes: valid.issues.map((i) => i.code) });
      return refuse(res, statusOf(valid.issues[0]?.code ?? 'FLOW_INVALID_INPUT'), valid.issues);
    }
    const id = typeof idempotencyKey === 'string' ? idempotentRunId(workflow, prefix, idempotencyKey) : undefined;
    let workflowId: string;
    let runId: string;
    let duplicate = false;
    try {
      const started = await startRun({
        client: o.client,
        ir: def.ir,
        childIrs: def.childIrs,
        input,
        taskQueue: o.taskQueue,
        environment: o.environment,
        inputLimits: o.inputLimits,
        triggeredBy: `webhook:${prefix}`,
        ...(id ? { id, once: true } : {}),
      });
      ({ workflowId, runId } = started);
    } catch (error) {
      if (!(error instanceof WorkflowExecutionAlreadyStartedError) || !id) throw error;
      workflowId = runWorkflowId(def.ir, def.hash, id);
      runId = (await o.client.workflow.getHandle(workflowId).describe()).runId;
      duplicate = true;
    }
    touch(o, state, workflow, prefix);
    log({ msg: duplicate ? 'webhook deduplicated' : 'webhook started a run', workflow, prefix, workflowId, status: 202 });
    const statusUrl = `${baseUrl(o, req)}/hooks/${workflow}/runs/${encodeURIComponent(workflowId)}`;
    return reply(res, 202, { workflow, version: def.ir.version, workflowId, runId, statusUrl, ...(duplicate ? { duplicate } : {}) }, { location: statusUrl });
  } catch (error) {
    const issue: FlowIssue =
      error instanceof FlowError
        ? error.issues[0]!
        : {
            code: 'FLOW_TEMPORAL_UNREACHABLE',
            message: `Temporal did not accept the start: ${String((error as Error)?.message ?? error).split('\n')[0]}`,
            hint: 'retry (with the same Idempotency-Key)',
          };
    log({ msg: 'webhook failed', workflow, prefix, code: issue.code });
    return refuse(res, statusOf(issue.code), error instanceof FlowError ? error.issues : [issue]);
  }
}

/** Record the key's use: the first time, then at most once per `touchIntervalMs` (fire and forget). */
function touch(o: GatewayOptions, state: HookState, workflow: string, prefix: string): void {
  const now = Date.now();
  const last = state.lastTouch.get(prefix);
  if (last !== undefined && now - last < (o.touchIntervalMs ?? 60_000)) return;
  state.lastTouch.set(prefix, now);
  o.keys.touch(workflow, prefix).catch((err) => {
    state.lastTouch.delete(prefix);
    o.log?.({ msg: 'could not record a key use', workflow, prefix, error: String((err as Error)?.message ?? err).split('\n')[0] });
  });
}
