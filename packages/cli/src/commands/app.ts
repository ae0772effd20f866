/**
 * `flowops app [--port <n>] [--env <env>]`: run the GitHub App — `POST /webhooks`, `GET /healthz`
 * and the App's Temporal worker (task queue `flowops-github`) — until SIGINT/SIGTERM.
 * Configuration comes from environment variables (never flags: flags show up in `ps`).
 * @module
 */
import { FlowError } from '@flowops/core';
import { loadAppConfig, startApp } from '@flowops/github-app';
import { parse, usageError } from '../args';
import { findRepoRoot, loadConfig } from '../config';

export const name = 'app';
export const summary = 'Run the GitHub App (webhooks, comment commands, PR reports, drift)';
export const usage = `flowops app [--port 3000] [--host 0.0.0.0] [--env local]

  Environment: FLOWOPS_GITHUB_APP_ID, FLOWOPS_GITHUB_PRIVATE_KEY or FLOWOPS_GITHUB_PRIVATE_KEY_PATH,
  FLOWOPS_WEBHOOK_SECRET, GITHUB_API_URL (default https://api.github.com), PORT (default 3000),
  FLOWOPS_ENV (environment running the App's workflows; --env wins), FLOWOPS_GITHUB_CLONE_URL
  (template with {owner} {repo} {token}), FLOWOPS_TEMPORAL_ADDRESS (the local environment's Temporal).`;

export async function run(argv: string[]): Promise<number> {
  const { values } = parse(argv, { port: { type: 'string' }, host: { type: 'string' }, env: { type: 'string' }, help: { type: 'boolean', short: 'h' } }, usage);
  if (values.help) {
    process.stdout.write(`${usage}\n`);
    return 0;
  }
  if (values.port !== undefined && !/^\d+$/.test(values.port)) throw usageError(`--port "${values.port}" is not a port`, usage);
  const vars = { ...process.env, ...(values.env ? { FLOWOPS_ENV: values.env } : {}) };
  const config = loadAppConfig(vars, { port: values.port === undefined ? undefined : Number(values.port) });
  if (!config.ok) throw new FlowError(config.issues[0]!, config.issues.slice(1));
  const root = findRepoRoot();
  const flowops = await loadConfig(root);
  const app = await startApp({
    config: config.value,
    flowops,
    appRoot: root,
    ...(values.host ? { host: values.host } : {}),
    ...(process.env.FLOWOPS_TEMPORAL_ADDRESS ? { localAddress: process.env.FLOWOPS_TEMPORAL_ADDRESS } : {}),
    log: (e) => process.stderr.write(`${JSON.stringify({ time: new Date().toISOString(), ...e })}\n`),
  });
  process.stderr.write(`flowops app listening on ${app.url} (webhooks: POST /webhooks; env ${config.value.environment}; queue ${config.value.taskQueue})\n`);
  await new Promise<void>((resolve) => {
    process.once('SIGINT', resolve);
    process.once('SIGTERM', resolve);
  });
  await app.close();
  return 0;
}

export default { name, summary, usage, run };
