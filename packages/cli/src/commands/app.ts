/**
 * `flowops app [--port <n>] [--env <env>] [--role server|worker|all] [--ack journal|temporal]`: run the GitHub App —
 * `POST /webhooks`, `GET /healthz` and the App's Temporal worker (task queue `flowops-github`) —
 * until SIGINT/SIGTERM. By default this process serves webhooks and runs the worker as a
 * supervised child (`flowops app --role worker`, restarted with backoff when it dies, stopped
 * with it), so activity work never delays a webhook answer. `--ack` picks when a webhook is
 * answered 202: once journaled on local disk (default) or once Temporal accepted the start.
 * Configuration comes from environment variables (never flags: flags show up in `ps`).
 * @module
 */
import { FlowError } from '@flowops/core';
import { APP_ROLES, type AppRole, type Supervisor, WORKER_NICENESS, loadAppConfig, startApp, supervise } from '@flowops/github-app';
import { parse, usageError } from '../args';
import { findRepoRoot, loadConfig } from '../config';

export const name = 'app';
export const summary = 'Run the GitHub App (webhooks, comment commands, PR reports, drift)';
export const usage = `flowops app [--port 3000] [--host 0.0.0.0] [--env local] [--role server|worker|all] [--ack journal|temporal]

  Default: this process serves the webhooks and supervises the worker in a child process.
  --role server   webhooks only (run workers elsewhere on the same task queue)
  --role worker   the App's Temporal worker only (no HTTP)
  --role all      both in this one process
  --ack journal   (default) answer 202 once the work is fsync'ed to the intake journal on local
                  disk; it is started in Temporal right after (after a crash or an outage: as
                  soon as Temporal answers), never twice. Keep FLOWOPS_APP_JOURNAL_DIR on a
                  persistent disk, one directory per App process.
  --ack temporal  answer 202 only once Temporal accepted the start (503 when it cannot)

  Environment: FLOWOPS_GITHUB_APP_ID, FLOWOPS_GITHUB_PRIVATE_KEY or FLOWOPS_GITHUB_PRIVATE_KEY_PATH,
  FLOWOPS_WEBHOOK_SECRET, GITHUB_API_URL (default https://api.github.com), PORT (default 3000),
  FLOWOPS_ENV (environment running the App's workflows; --env wins), FLOWOPS_GITHUB_CLONE_URL
  (template with {owner} {repo} {token}), FLOWOPS_TEMPORAL_ADDRESS (the local environment's Temporal),
  FLOWOPS_APP_ACK (--ack wins), FLOWOPS_APP_JOURNAL_DIR (default
  $XDG_STATE_HOME/flowops/github-app/journal, i.e. ~/.local/state/flowops/github-app/journal).`;

export async function run(argv: string[]): Promise<number> {
  const { values } = parse(argv, { port: { type: 'string' }, host: { type: 'string' }, env: { type: 'string' }, role: { type: 'string' }, ack: { type: 'string' }, help: { type: 'boolean', short: 'h' } }, usage);
  if (values.help) {
    process.stdout.write(`${usage}\n`);
    return 0;
  }
  if (values.port !== undefined && !/^\d+$/.test(values.port)) throw usageError(`--port "${values.port}" is not a port`, usage);
  if (values.role !== undefined && !APP_ROLES.includes(values.role as AppRole)) throw usageError(`--role "${values.role}" is not one of ${APP_ROLES.join(', ')}`, usage);
  const role = values.role as AppRole | undefined;
  const vars = { ...process.env, ...(values.env ? { FLOWOPS_ENV: values.env } : {}) };
  const config = loadAppConfig(vars, { port: values.port === undefined ? undefined : Number(values.port), ack: values.ack });
  if (!config.ok) throw new FlowError(config.issues[0]!, config.issues.slice(1));
  const root = findRepoRoot();
  const flowops = await loadConfig(root);
  const log = (e: Record<string, unknown>) => process.stderr.write(`${JSON.stringify({ time: new Date().toISOString(), ...(role === 'worker' ? { role } : {}), ...e })}\n`);
  const app = await startApp({
    config: config.value,
    role: role ?? 'server',
    flowops,
    appRoot: root,
    ...(values.host ? { host: values.host } : {}),
    ...(process.env.FLOWOPS_TEMPORAL_ADDRESS ? { localAddress: process.env.FLOWOPS_TEMPORAL_ADDRESS } : {}),
    log,
  });
  // Default role: the worker runs as this same command with `--role worker`, supervised.
  let worker: Supervisor | undefined;
  if (role === undefined) {
    const script = process.argv[1];
    if (!script) throw new Error('cannot find the flowops entry point to spawn the worker');
    worker = supervise({ command: process.execPath, args: [...process.execArgv, script, 'app', '--role', 'worker'], env: vars, log, niceness: WORKER_NICENESS });
  }
  if (role === 'worker') process.stderr.write(`flowops app worker running (env ${config.value.environment}; queue ${config.value.taskQueue})\n`);
  else process.stderr.write(`flowops app listening on ${app.url} (webhooks: POST /webhooks; env ${config.value.environment}; queue ${config.value.taskQueue}; worker: ${worker ? `child process ${worker.child?.pid}` : role === 'all' ? 'in process' : 'elsewhere'}; ack: ${config.value.ack === 'journal' ? `journal in ${config.value.journalDir}` : 'temporal'})\n`);
  await new Promise<void>((resolve) => {
    process.once('SIGINT', resolve);
    process.once('SIGTERM', resolve);
  });
  await Promise.all([worker?.stop(), app.close()]);
  return 0;
}

export default { name, summary, usage, run };
