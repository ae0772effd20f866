/**
 * `flowops gateway --env <env>`: the webhook endpoint of one environment. `POST /hooks/<workflow>`
 * with a key from `flowops keys create` starts the active published version with the JSON body as
 * input; `GET` of the status URL it answers with tells the run's status. It needs Temporal
 * credentials only (no GitHub App keys), keeps no state but per-key rate buckets, and logs one
 * JSON line per request (key prefixes, never keys).
 * @module
 */
import { FlowError } from '@flowops/core';
import { connectEnvironment, loadPublished, openSession } from '@flowops/gitops';
import { DEFAULT_RATE_LIMIT, WebhookKeys, cachedDefinitions, createLogger, startGateway } from '@flowops/runtime';
import { parse, usageError } from '../args';
import { findRepoRoot, loadEnvironment } from '../config';
import { envName } from '../gitops/context';

export const name = 'gateway';
export const summary = 'Serve webhook triggers (POST /hooks/<workflow> with a key) for an environment';
export const usage = `flowops gateway --env <env> [--port 8787] [--host 127.0.0.1] [--public-url <url>]
                 [--rate ${DEFAULT_RATE_LIMIT.perSecond}] [--burst ${DEFAULT_RATE_LIMIT.burst}] [--max-body-bytes <n>]

  POST /hooks/<workflow>          "Authorization: Bearer <key>" (or X-Flowops-Key), a JSON object body;
                                  optional "Idempotency-Key": a retry answers with the same run.
                                  202 {workflowId, runId, statusUrl}; 401 no valid key; 429 over the
                                  key's rate (Retry-After); 400 not JSON; 413 too large; 422 invalid input.
  GET  /hooks/<workflow>/runs/<id> the run's status (private workflows: with a key of the workflow).
  --rate/--burst: per key and per gateway process (in memory: N replicas allow N times the rate).
  The workflow must declare triggers: [{ type: 'webhook' }]; keys: flowops keys create <workflow> --env <env>.`;

const num = (raw: string | undefined, flag: string, min: number): number | undefined => {
  if (raw === undefined) return undefined;
  const n = Number(raw);
  if (!Number.isFinite(n) || n < min) throw usageError(`${flag} "${raw}" is not a number ≥ ${min}`, usage);
  return n;
};

/** Runs until SIGINT/SIGTERM; returns the exit code. */
export async function run(argv: string[]): Promise<number> {
  const { values, positionals } = parse(
    argv,
    {
      env: { type: 'string' },
      port: { type: 'string', default: '8787' },
      host: { type: 'string', default: '127.0.0.1' },
      'public-url': { type: 'string' },
      rate: { type: 'string' },
      burst: { type: 'string' },
      'max-body-bytes': { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
    usage,
  );
  if (values.help) {
    process.stdout.write(`${usage}\n`);
    return 0;
  }
  if (positionals.length > 0) throw usageError(`unexpected argument "${positionals[0]}"`, usage);
  const port = num(values.port, '--port', 0)!;
  if (!Number.isInteger(port) || port > 65535) throw usageError(`--port "${values.port}" is not a port number`, usage);
  const perSecond = num(values.rate, '--rate', 0.001) ?? DEFAULT_RATE_LIMIT.perSecond;
  const burst = num(values.burst, '--burst', 1) ?? Math.max(DEFAULT_RATE_LIMIT.burst, perSecond);
  const maxBodyBytes = num(values['max-body-bytes'], '--max-body-bytes', 2);
  if (values['public-url'] !== undefined && !/^https?:\/\/[^\s]+$/.test(values['public-url'])) throw usageError('--public-url must be an http(s) URL', usage);

  const env = await loadEnvironment(envName(values.env), findRepoRoot());
  const connected = await connectEnvironment(env);
  const session = await openSession(env, { connected });
  await session.ensureSystemWorker(); // registry definitions and key uses need one (FLOWOPS_SYSTEM_WORKER=0: a deployed one)
  const logger = createLogger({ name: 'flowops-gateway' });
  const definitions = cachedDefinitions(session.registry, async (workflow) => {
    const d = await loadPublished(env, workflow, undefined, { connected, systemWorker: false, systemTaskQueue: session.systemTaskQueue });
    return { ir: d.ir, childIrs: d.childIrs, hash: d.hash };
  });
  let gateway: Awaited<ReturnType<typeof startGateway>>;
  try {
    gateway = await startGateway({
      client: connected.client,
      taskQueue: env.taskQueue,
      keys: new WebhookKeys(connected.client, { systemTaskQueue: session.systemTaskQueue }),
      definitions,
      environment: env,
      publicUrl: values['public-url'],
      rateLimit: { perSecond, burst },
      maxBodyBytes,
      log: (fields) => logger.info(fields),
      port,
      host: values.host,
    });
  } catch (error) {
    await session.close();
    await connected.connection.close();
    throw new FlowError({
      code: 'FLOW_USAGE',
      message: `could not listen on ${values.host}:${port}: ${error instanceof Error ? error.message : String(error)}`,
      hint: 'pick a free --port',
    });
  }
  process.stdout.write(`gateway for ${env.name} on ${gateway.url} (POST /hooks/<workflow>; ${perSecond}/s per key, burst ${burst})\n`);
  await new Promise<void>((resolve) => {
    process.once('SIGINT', resolve);
    process.once('SIGTERM', resolve);
  });
  await gateway.close();
  await session.close();
  await connected.connection.close();
  return 0;
}

export default { name, summary, usage, run };
