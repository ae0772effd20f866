/**
 * `flowops app [--port <n>] [--host <h>] [--env <env>] [--role server|worker|all]`: run the GitHub
 * App — `POST /webhooks`, `GET /healthz` and the App's Temporal worker (task queue
 * `flowops-github`) — until SIGINT/SIGTERM. Stateless: a webhook is answered 202 once Temporal
 * accepted its workflow start, 503 when it cannot (the redelivery sweep asks GitHub for it again
 * later), so any number of replicas can run. The process owns its shutdown: SIGINT/SIGTERM stop
 * the server and the worker gracefully (the Temporal Runtime's own signal handling is off, so no
 * stray signal leaves a worker draining behind a healthy server).
 * Configuration comes from environment variables (never flags: flags show up in `ps`).
 * @module
 */
import { FlowError } from '@flowops/core';
import { APP_ROLES, type AppRole, loadAppConfig, startApp } from '@flowops/github-app';
import { DefaultLogger, Runtime } from '@temporalio/worker';
import { parse, usageError } from '../args';
import { findRepoRoot, loadConfig } from '../config';

export const name = 'app';
export const summary = 'Run the GitHub App (webhooks, comment commands, PR reports, drift)';
export const usage = `flowops app [--port 3000] [--host 0.0.0.0] [--env local] [--role all|server|worker]

  --role all      (default) the webhook server and the App's Temporal worker in this process
  --role server   webhooks only (run workers elsewhere on the same task queue)
  --role worker   the App's Temporal worker only (no HTTP)

  Stateless: a webhook is answered 202 once Temporal accepted its workflow, 503 when it cannot;
  failed deliveries are redelivered by a sweep (at start-up and every 5 minutes) that asks GitHub
  for them again. Run as many replicas as you like behind a load balancer. GET /healthz is 503
  while the App's worker is not polling (it is restarted in process; if it cannot be, healthz
  stays 503 so your orchestrator restarts the App).

  Environment: FLOWOPS_GITHUB_APP_ID, FLOWOPS_GITHUB_PRIVATE_KEY or FLOWOPS_GITHUB_PRIVATE_KEY_PATH,
  FLOWOPS_WEBHOOK_SECRET, GITHUB_API_URL (default https://api.github.com), PORT (default 3000),
  FLOWOPS_ENV (environment running the App's workflows; --env wins), FLOWOPS_GITHUB_CLONE_URL
  (template with {owner} {repo} {token}), FLOWOPS_TEMPORAL_ADDRESS (the local environment's Temporal),
  FLOWOPS_WEBHOOK_MAX_BYTES (body cap, default 1048576), FLOWOPS_APP_MAX_CONNECTIONS (default 256).`;

export async function run(argv: string[]): Promise<number> {
  const { values } = parse(
    argv,
    { port: { type: 'string' }, host: { type: 'string' }, env: { type: 'string' }, role: { type: 'string' }, help: { type: 'boolean', short: 'h' } },
    usage,
  );
  if (values.help) {
    process.stdout.write(`${usage}\n`);
    return 0;
  }
  if (values.port !== undefined && !/^\d+$/.test(values.port)) throw usageError(`--port "${values.port}" is not a port`, usage);
  if (values.role !== undefined && !APP_ROLES.includes(values.role as AppRole))
    throw usageError(`--role "${values.role}" is not one of ${APP_ROLES.join(', ')}`, usage);
  const role = (values.role as AppRole | undefined) ?? 'all';
  const vars = { ...process.env, ...(values.env ? { FLOWOPS_ENV: values.env } : {}) };
  const config = loadAppConfig(vars, { port: values.port === undefined ? undefined : Number(values.port) });
  if (!config.ok) throw new FlowError(config.issues[0]!, config.issues.slice(1));
  const root = findRepoRoot();
  const flowops = await loadConfig(root);
  const log = (e: Record<string, unknown>) => process.stderr.write(`${JSON.stringify({ time: new Date().toISOString(), role, ...e })}\n`);
  try {
    Runtime.install({ logger: new DefaultLogger('WARN'), shutdownSignals: [] });
  } catch {
    // already installed in this process (embedded use): its signal handling stays as it is
  }
  const app = await startApp({
    config: config.value,
    role,
    flowops,
    appRoot: root,
    vars,
    ...(values.host ? { host: values.host } : {}),
    ...(process.env.FLOWOPS_TEMPORAL_ADDRESS ? { localAddress: process.env.FLOWOPS_TEMPORAL_ADDRESS } : {}),
    log,
  });
  const where = `env ${config.value.environment}; queue ${config.value.taskQueue}; role ${role}`;
  if (role === 'worker') process.stderr.write(`flowops app worker running (${where})\n`);
  else
    process.stderr.write(`flowops app listening on ${app.url} (webhooks: POST /webhooks; ${where}; worker: ${role === 'all' ? 'in process' : 'elsewhere'})\n`);
  await new Promise<void>((resolve) => {
    process.once('SIGINT', resolve);
    process.once('SIGTERM', resolve);
  });
  await app.close();
  return 0;
}

export default { name, summary, usage, run };
