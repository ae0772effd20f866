/**
 * `flowops dev [--once]`: start a local Temporal dev server (gRPC 127.0.0.1:7233 and the UI on
 * :8233 when free), a worker with every standard plugin, compile workflows/, run a demo workflow
 * (log + http + transform against a tiny local HTTP server: no external network), and print the
 * Temporal UI link and the result. `--once` exits with the demo run's result code.
 * @module
 */
import { createServer } from 'node:net';
import { checkWorkflows } from '@flowops/compiler';
import { startRun, waitForResult } from '@flowops/runtime';
import { startDevServer } from '@flowops/testing';
import { parse, usageError } from '../args';
import { findRepoRoot } from '../config';
import { connectClient, resolveRuntimeEnv, runLink } from '../runtime/connect';
import { demoWorkflow, startDemoApi } from '../runtime/demo';
import { renderOutcome } from '../runtime/render';
import { serveWorker } from '../runtime/serve-worker';
import { watchDevServer } from '../runtime/dev-watchdog';
import { devDbFile } from '../runtime/state-dir';

export const name = 'dev';
export const summary = 'Start a local Temporal dev server, a worker and a demo run';
export const usage = `flowops dev [--once] [--db <file> | --ephemeral]

  Starts Temporal on 127.0.0.1:7233 (UI http://localhost:8233) when those ports are free,
  a worker serving every standard plugin on task queue "flowops", compiles workflows/ and
  runs a demo workflow. --once exits after the demo with its result code.

  State (runs, the registry, schedules) is kept in a database file, so a restart resumes
  where it stopped: --db <file>, else $FLOWOPS_STATE_DIR/dev/temporal.db (default state dir:
  $XDG_STATE_HOME/flowops, else ~/.local/state/flowops). --ephemeral keeps it in memory.`;

function portFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const s = createServer();
    s.once('error', () => resolve(false));
    s.listen(port, '127.0.0.1', () => s.close(() => resolve(true)));
  });
}

export async function run(argv: string[]): Promise<number> {
  const { values } = parse(argv, { once: { type: 'boolean' }, db: { type: 'string' }, ephemeral: { type: 'boolean' }, help: { type: 'boolean', short: 'h' } }, usage);
  if (values.help) {
    process.stdout.write(`${usage}\n`);
    return 0;
  }
  const out = (s: string) => process.stdout.write(`${s}\n`);
  if (values.ephemeral && values.db) throw usageError('--db and --ephemeral exclude each other', usage);
  const dbFile = values.ephemeral ? undefined : (values.db ?? devDbFile());
  const [grpcFree, uiFree] = await Promise.all([portFree(7233), portFree(8233)]);
  const serverOptions = {
    ui: true,
    namespaces: ['staging', 'production'],
    ...(grpcFree ? { port: 7233 } : {}),
    ...(uiFree ? { uiPort: 8233 } : {}),
    ...(dbFile ? { dbFile } : {}),
  };
  let server = await startDevServer(serverOptions);
  const port = Number(server.address.split(':').pop());
  const uiPort = server.uiUrl ? Number(server.uiUrl.split(':').pop()) : undefined;
  const stopWatchdog = watchDevServer({
    server: () => server,
    restart: async () => (server = await startDevServer({ ...serverOptions, port, ...(uiPort ? { uiPort } : {}) })),
    onRestart: (reason, s) => out(`the dev server stopped answering (${reason}); restarted it at ${s.address}${dbFile ? ` with ${dbFile}` : ' (in memory: runs were lost)'}`),
  });
  const api = await startDemoApi();
  const base = await resolveRuntimeEnv('local');
  const renv = { ...base, address: server.address, namespace: 'default', uiUrl: server.uiUrl ?? base.uiUrl };
  out(`Temporal dev server at ${server.address}${server.uiUrl ? ` — UI ${server.uiUrl}` : ''}`);
  out(dbFile ? `state: ${dbFile} (runs and the registry survive a restart; --ephemeral keeps nothing)` : 'state: in memory (--ephemeral): runs and the registry are lost when dev stops');
  if (!grpcFree) out(`  (port 7233 was busy: export FLOWOPS_TEMPORAL_ADDRESS=${server.address} for other flowops commands)`);
  // The local worker always becomes the current version: each code change is a new build id.
  const served = await serveWorker(renv, { metricsPort: 0, logLevel: process.env.FLOWOPS_LOG_LEVEL ?? 'warn', versioning: { promote: true } });
  out(`worker on task queue "${renv.taskQueue}" serving ${served.actions.length} actions${served.metricsUrl ? ` (metrics ${served.metricsUrl}/metrics)` : ''}`);
  if (served.version) out(`worker version ${served.version.deploymentName}:${served.version.buildId} (${await served.versionState}; see \`flowops workers --env local\`)`);
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
