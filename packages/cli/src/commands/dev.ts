/**
 * `flowops dev [--once] [--port <n>] [--ui-port <n>]`: start a local Temporal dev server (gRPC on
 * the `local` environment's port, 7233 by default, and the UI on :8233; each when free, or
 * exactly the ports given), a worker with every standard plugin, compile workflows/, run a demo workflow
 * (log + http + transform against a tiny local HTTP server: no external network), and print the
 * Temporal UI link and the result. `--once` exits with the demo run's result code.
 * @module
 */
import { createServer } from 'node:net';
import { checkWorkflows } from '@flowops/compiler';
import { startRun, waitForResult } from '@flowops/runtime';
import { FlowError } from '@flowops/core';
import { DEV_UI_PORT, devUiUrl } from '@flowops/runtime/security';
import { startDevServer } from '@flowops/testing';
import { parse, usageError } from '../args';
import { findRepoRoot } from '../config';
import { connectClient, resolveRuntimeEnv, runLink } from '../runtime/connect';
import { demoWorkflow, startDemoApi } from '../runtime/demo';
import { renderOutcome } from '../runtime/render';
import { logFormat } from '../runtime/log-destination';
import { serveWorker } from '../runtime/serve-worker';
import { watchDevServer } from '../runtime/dev-watchdog';
import { devDbFile } from '../runtime/state-dir';

export const name = 'dev';
export const summary = 'Start a local Temporal dev server, a worker and a demo run';
export const usage = `flowops dev [--once] [--port <n>] [--ui-port <n>] [--db <file> | --ephemeral]

  Starts Temporal on 127.0.0.1:7233 (UI ${devUiUrl()}) when those ports are free (else
  on free ones), a worker serving every standard plugin on task queue "flowops", compiles
  workflows/ and runs a demo workflow. --once exits after the demo with its result code.

  --port <n>     gRPC port (default: the port of the local environment's address —
                 environments.local.address or FLOWOPS_LOCAL_ADDRESS, else 7233)
  --ui-port <n>  Temporal UI port (default ${DEV_UI_PORT}); the UI is ${devUiUrl().replace(String(DEV_UI_PORT), '<n>')}

  State (runs, the registry, schedules) is kept in a database file, so a restart resumes
  where it stopped: --db <file>, else $FLOWOPS_STATE_DIR/dev/temporal.db (default state dir:
  $XDG_STATE_HOME/flowops, else ~/.local/state/flowops). --ephemeral keeps it in memory.

  The worker's logs are one readable line each (FLOWOPS_LOG_FORMAT=json for JSON lines;
  FLOWOPS_LOG_LEVEL, default warn).`;

function portFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const s = createServer();
    s.once('error', () => resolve(false));
    s.listen(port, '127.0.0.1', () => s.close(() => resolve(true)));
  });
}

/** A `--port`/`--ui-port` value as a port number (a usage error otherwise). */
function portArg(flag: string, value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!/^\d+$/.test(value) || n < 1 || n > 65535) throw usageError(`--${flag} "${value}" is not a port number (1–65535)`, usage);
  return n;
}

/** The gRPC port `local` points at when it is a loopback address (else 7233). */
function localPort(address: string): number {
  const m = /^(?:127\.0\.0\.1|localhost|\[::1\]):(\d+)$/.exec(address.trim());
  return m ? Number(m[1]) : 7233;
}

/** An explicitly requested port that is taken: what holds it is unknown, so say how to choose another. */
function portBusy(flag: string, port: number): FlowError {
  return new FlowError({
    code: 'FLOW_USAGE',
    message: `port ${port} on 127.0.0.1 is in use (--${flag})`,
    hint: `choose a free port with --${flag} <n>, or stop what listens on ${port}`,
  });
}

export async function run(argv: string[]): Promise<number> {
  const { values } = parse(
    argv,
    {
      once: { type: 'boolean' },
      port: { type: 'string' },
      'ui-port': { type: 'string' },
      db: { type: 'string' },
      ephemeral: { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
    },
    usage,
  );
  if (values.help) {
    process.stdout.write(`${usage}\n`);
    return 0;
  }
  const out = (s: string) => process.stdout.write(`${s}\n`);
  if (values.ephemeral && values.db) throw usageError('--db and --ephemeral exclude each other', usage);
  const dbFile = values.ephemeral ? undefined : (values.db ?? devDbFile());
  const askedPort = portArg('port', values.port);
  const workerLogFormat = logFormat('pretty');
  const askedUiPort = portArg('ui-port', values['ui-port']);
  const base = await resolveRuntimeEnv('local');
  const wantPort = askedPort ?? localPort(base.address);
  const wantUiPort = askedUiPort ?? DEV_UI_PORT;
  const [grpcFree, uiFree] = await Promise.all([portFree(wantPort), portFree(wantUiPort)]);
  if (askedPort !== undefined && !grpcFree) throw portBusy('port', askedPort);
  if (askedUiPort !== undefined && !uiFree) throw portBusy('ui-port', askedUiPort);
  const serverOptions = {
    ui: true,
    namespaces: ['staging', 'production'],
    ...(grpcFree ? { port: wantPort } : {}),
    ...(uiFree ? { uiPort: wantUiPort } : {}),
    ...(dbFile ? { dbFile } : {}),
  };
  let server = await startDevServer(serverOptions);
  const port = Number(server.address.split(':').pop());
  const uiPort = server.uiUrl ? Number(server.uiUrl.split(':').pop()) : undefined;
  const uiUrl = uiPort ? devUiUrl(uiPort) : undefined;
  const stopWatchdog = watchDevServer({
    server: () => server,
    restart: async () => (server = await startDevServer({ ...serverOptions, port, ...(uiPort ? { uiPort } : {}) })),
    onRestart: (reason, s) =>
      out(`the dev server stopped answering (${reason}); restarted it at ${s.address}${dbFile ? ` with ${dbFile}` : ' (in memory: runs were lost)'}`),
  });
  const api = await startDemoApi();
  const renv = { ...base, address: server.address, namespace: 'default', uiUrl: uiUrl ?? base.uiUrl };
  out(`Temporal dev server at ${server.address}${uiUrl ? ` — UI ${uiUrl}` : ''}`);
  out(
    dbFile
      ? `state: ${dbFile} (runs and the registry survive a restart; --ephemeral keeps nothing)`
      : 'state: in memory (--ephemeral): runs and the registry are lost when dev stops',
  );
  if (port !== localPort(base.address))
    out(
      `  (${grpcFree ? `not the local environment's port` : `port ${wantPort} was busy`}: export FLOWOPS_LOCAL_ADDRESS=${server.address} for other flowops commands)`,
    );
  // The local worker always becomes the current version: each code change is a new build id.
  const served = await serveWorker(renv, {
    metricsPort: 0,
    logLevel: process.env.FLOWOPS_LOG_LEVEL ?? 'warn',
    logFormat: workerLogFormat,
    versioning: { promote: true },
  });
  out(`worker on task queue "${renv.taskQueue}" serving ${served.actions.length} actions${served.metricsUrl ? ` (metrics ${served.metricsUrl}/metrics)` : ''}`);
  if (served.version)
    out(`worker version ${served.version.deploymentName}:${served.version.buildId} (${await served.versionState}; see \`flowops workers --env local\`)`);
  let code = 0;
  const { client, connection } = await connectClient(renv);
  try {
    const root = findRepoRoot();
    const compiled = await checkWorkflows({ root, typecheck: false }).catch((err: unknown) => {
      out(`could not compile workflows/: ${err instanceof Error ? err.message.split('\n')[0] : String(err)}`);
      return undefined;
    });
    if (compiled) {
      const errors = compiled.diagnostics.filter((d) => d.severity === 'error').length;
      out(`compiled ${compiled.workflows.length} workflow(s) from workflows/${errors ? ` — ${errors} error(s): run \`flowops check\`` : ''}`);
    }
    const started = await startRun({
      client,
      ir: demoWorkflow,
      input: { service: 'api' },
      env: { DEMO_API: api.url },
      taskQueue: renv.taskQueue,
      triggeredBy: 'flowops dev',
    });
    const link = runLink(renv, started.workflowId);
    out(`demo run ${started.workflowId}${link ? `\n  ${link}` : ''}`);
    const outcome = await waitForResult(client, started.workflowId);
    process.stdout.write(renderOutcome(outcome));
    code = outcome.status === 'succeeded' ? 0 : 1;
    if (!values.once) {
      out('\nReady. In another shell: npx flowops run <workflow> --env local key=value … (Ctrl-C to stop)');
      await new Promise<void>((resolve) => {
        process.once('SIGINT', resolve);
        process.once('SIGTERM', resolve);
      });
    }
  } finally {
    stopWatchdog();
    await connection.close();
    await served.close().catch(() => undefined);
    await api.close();
    await server.stop();
  }
  return code;
}

export default { name, summary, usage, run };
