/**
 * Starting and stopping a Temporal dev server (`temporal server start-dev`) on free ports,
 * with the flowops search attributes and namespaces registered.
 * @module
 */
import { FlowError } from '@flowops/core';
import { Connection } from '@temporalio/client';
import { describeError } from '@flowops/runtime';
import { getFreePorts } from './free-port';
import { searchAttributeArgs } from './search-attributes';
import { startSdkDevServer } from './sdk-dev-server';
import { spawnServer, type ServerProcess } from './server-process';
import type { DevServer, DevServerOptions } from './dev-server-types';
import { ensureTemporalCli, provisioningFailure } from './temporal-cli';

/**
 * Starts a Temporal dev server and waits until every namespace answers.
 * @throws FlowError `FLOW_TEMPORAL_UNREACHABLE` when no CLI can be found or built, or the server does not come up.
 * @example
 * const server = await startDevServer({ namespaces: ['staging'] });
 * try { … server.address … } finally { await server.stop(); }
 */
export async function startDevServer(opts: DevServerOptions = {}): Promise<DevServer> {
  const env = opts.env ?? process.env;
  let cli = opts.cli;
  if (!cli) {
    const found = await ensureTemporalCli({ env, ...(opts.log ? { log: opts.log } : {}) });
    if (!found.ok) throw new FlowError(found.issues[0]!, found.issues.slice(1));
    cli = found.value;
  }
  const namespaces = ['default', ...(opts.namespaces ?? []).filter((ns) => ns !== 'default')];
  if (cli.kind === 'sdk-download') {
    try {
      return await startSdkDevServer({ ...opts, namespaces, downloadDir: cli.downloadDir });
    } catch (error) {
      throw new FlowError(provisioningFailure(cli.tried, describeError(error)));
    }
  }
  const binary = cli.path;
  // A free port can be taken between our check and the server's bind: retry with new ones.
  for (let attempt = 1; ; attempt++) {
    try {
      return await startOnce(binary, cli.source, namespaces, opts);
    } catch (error) {
      if (attempt >= 3 || !(error instanceof PortInUse)) throw error instanceof PortInUse ? error.flowError : error;
    }
  }
}

class PortInUse extends Error {
  constructor(readonly flowError: FlowError) {
    super(flowError.message);
  }
}

async function startOnce(binary: string, source: string, namespaces: string[], opts: DevServerOptions): Promise<DevServer> {
  const ip = opts.ip ?? '127.0.0.1';
  const [freePort, freeUiPort] = await getFreePorts(2, ip);
  const port = opts.port ?? freePort!;
  const uiPort = opts.uiPort ?? freeUiPort!;
  const args = ['server', 'start-dev', '--ip', ip, '--port', String(port)];
  args.push(...(opts.ui ? ['--ui-port', String(uiPort)] : ['--headless']));
  if (opts.dbFile) args.push('--db-filename', opts.dbFile);
  for (const ns of namespaces) args.push('--namespace', ns);
  args.push(...searchAttributeArgs(), '--log-level', opts.logLevel ?? 'warn');

  const proc = spawnServer(binary, args, { env: opts.env ?? process.env, forwardOutput: opts.forwardOutput ?? false });
  const address = `${ip}:${port}`;
  try {
    await waitUntilReady(proc, address, namespaces, opts.readyTimeoutMs ?? 60_000);
  } catch (error) {
    await proc.stop(2000);
    const tail = proc.outputTail(15);
    const flowError = new FlowError({
      code: 'FLOW_TEMPORAL_UNREACHABLE',
      message:
        `the Temporal dev server (${binary}) did not come up at ${address}: ${describeError(error)}` +
        (tail ? `\n--- server output (last lines) ---\n${tail}` : ''),
      hint: 'check the server output above; delete a corrupt --db-filename file, or set FLOWOPS_TEMPORAL_CLI to another `temporal` binary',
    });
    throw /address already in use/i.test(tail) && opts.port === undefined ? new PortInUse(flowError) : flowError;
  }
  return {
    address,
    uiUrl: opts.ui ? `http://${ip}:${uiPort}` : undefined,
    namespace: 'default',
    namespaces,
    source,
    stop: () => proc.stop(),
  };
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function waitUntilReady(proc: ServerProcess, address: string, namespaces: string[], timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let lastError: unknown = new Error(`no answer within ${timeoutMs} ms`);
  while (Date.now() < deadline) {
    if (proc.hasExited()) {
      const { code, signal } = await proc.exited;
      throw new Error(`the server process exited early (${signal ? `signal ${signal}` : `code ${code}`})`);
    }
    let connection: Connection | undefined;
    try {
      connection = await Connection.connect({ address, connectTimeout: 1000 });
      const conn = connection;
      const callDeadline = Math.min(deadline, Date.now() + 2000);
      await conn.withDeadline(callDeadline, () => conn.workflowService.getSystemInfo({}));
      for (const namespace of namespaces) {
        await conn.withDeadline(callDeadline, () => conn.workflowService.describeNamespace({ namespace }));
      }
      return;
    } catch (error) {
      lastError = error;
    } finally {
      await connection?.close().catch(() => undefined);
    }
    await sleep(200);
  }
  throw new Error(`timed out after ${timeoutMs} ms (last error: ${describeError(lastError)})`);
}
