/**
 * `flowops worker --env <env> [--metrics-port 9464]`: run a worker serving the interpreter and
 * every standard plugin action on the environment's task queue until SIGINT/SIGTERM.
 * @module
 */
import { parse, usageError } from '../args';
import { resolveRuntimeEnv } from '../runtime/connect';
import { logFormat } from '../runtime/log-destination';
import { serveWorker } from '../runtime/serve-worker';
import { applyHttpAllowList } from '../checks/policy';
import { findRepoRoot } from '../config';

export const name = 'worker';
export const summary = 'Run a worker (interpreter + plugin actions) for an environment';
export const usage = `flowops worker [--env local] [--metrics-port 9464] [--log-level info] [--promote | --unversioned]

  The worker runs as a version of the environment's worker deployment (deploymentName in
  flowops.config.ts, default flowops-<taskQueue>; build id = flowops release + hash of the
  workflow code). Runs are PINNED to the version they start on. The version becomes current by
  itself only when the deployment has no current version; otherwise promote it with
  \`flowops workers promote <build-id>\` (or start with --promote). --unversioned opts out.
  The registry, keys and capability workflows run on flowops-system.<deploymentName>, polled as
  the same version; they follow the current version (publish after a promotion is served by the
  new one). The shared flowops-system queue of earlier releases is served too (unversioned),
  so the workflows still there can move over.
  Secrets come from the worker's environment (FLOWOPS_SECRET_<NAME>), codec keys from the
  environment's codecKeys or FLOWOPS_CODEC_KEYS. Prometheus metrics on /metrics.
  Logs are JSON lines (FLOWOPS_LOG_FORMAT=pretty for one readable line each).
  http calls only the hosts of flowops.policy.ts's httpAllowedHosts rules (FLOWOPS_HTTP_ALLOWED_HOSTS
  overrides: \`api.acme.com,*.internal.acme.com\`; \`;\` between lists a host must all pass).`;

export async function run(argv: string[]): Promise<number> {
  const { values } = parse(
    argv,
    {
      env: { type: 'string', default: 'local' },
      'metrics-port': { type: 'string', default: '9464' },
      'log-level': { type: 'string' },
      promote: { type: 'boolean' },
      unversioned: { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
    },
    usage,
  );
  if (values.help) {
    process.stdout.write(`${usage}\n`);
    return 0;
  }
  const port = Number(values['metrics-port']);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw usageError(`--metrics-port "${values['metrics-port']}" is not a port`, usage);
  const workerLogFormat = logFormat('json');
  const renv = await resolveRuntimeEnv(values.env ?? 'local');
  if (values.promote && values.unversioned) throw usageError('--promote and --unversioned exclude each other', usage);
  const allowList = await applyHttpAllowList(findRepoRoot());
  if (allowList) process.stderr.write(`flowops worker: http calls only ${allowList.hosts} (from ${allowList.source})\n`);
  const served = await serveWorker(renv, {
    metricsPort: port,
    logLevel: values['log-level'],
    logFormat: workerLogFormat,
    versioning: values.unversioned ? false : { promote: values.promote },
  });
  process.stderr.write(
    `flowops worker on ${renv.address} ns=${renv.namespace} queue=${renv.taskQueue}: ${served.actions.length} actions` +
      `${served.metricsUrl ? `, metrics ${served.metricsUrl}/metrics` : ''} (Ctrl-C to stop)\n`,
  );
  if (served.version) {
    const { deploymentName, buildId } = served.version;
    process.stderr.write(`flowops worker version ${deploymentName}:${buildId}\n`);
    void served.versionState.then((state) =>
      process.stderr.write(
        state === 'current'
          ? `flowops worker version ${buildId} is current: new runs start here\n`
          : `flowops worker version ${buildId} is not current: run \`flowops workers promote ${buildId} --env ${renv.env.name}\` to send new runs here\n`,
      ),
    );
  }
  await served.running;
  return 0;
}

export default { name, summary, usage, run };
