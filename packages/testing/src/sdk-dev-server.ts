/**
 * Last resort: let `@temporalio/testing` download a Temporal CLI (from temporal.download) and
 * start the dev server. Only used when no binary exists and Go is not installed; it needs
 * network access that CI sandboxes often lack, so it runs under a deadline.
 * @module
 */
import type { DevServer, DevServerOptions } from './dev-server-types';
import { getFreePorts } from './free-port';
import { searchAttributeArgs } from './search-attributes';

export interface SdkDevServerOptions extends DevServerOptions {
  namespaces: string[];
  downloadDir: string;
  /** Give up after this many ms (default 120 000). */
  downloadTimeoutMs?: number;
}

export async function startSdkDevServer(opts: SdkDevServerOptions): Promise<DevServer> {
  const log = opts.log ?? ((chunk: string) => void process.stderr.write(chunk));
  log(`no temporal binary and no Go: letting @temporalio/testing download the Temporal CLI into ${opts.downloadDir}…\n`);
  const { TestWorkflowEnvironment } = await import('@temporalio/testing');
  const ip = opts.ip ?? '127.0.0.1';
  const [freePort, freeUiPort] = await getFreePorts(2, ip);
  const port = opts.port ?? freePort!;
  const uiPort = opts.uiPort ?? freeUiPort!;
  const extraArgs = [...opts.namespaces.filter((ns) => ns !== 'default').flatMap((ns) => ['--namespace', ns]), ...searchAttributeArgs()];
  const starting = TestWorkflowEnvironment.createLocal({
    server: {
      executable: { type: 'cached-download', downloadDir: opts.downloadDir },
      ip,
      port,
      ui: opts.ui ?? false,
      ...(opts.ui ? { uiPort } : {}),
      namespace: 'default',
      ...(opts.dbFile ? { dbFilename: opts.dbFile } : {}),
      log: { format: 'pretty', level: opts.logLevel ?? 'warn' },
      extraArgs,
    },
  });
  const timeoutMs = opts.downloadTimeoutMs ?? 120_000;
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no server after ${timeoutMs} ms`)), timeoutMs);
  });
  try {
    const env = await Promise.race([starting, timeout]);
    let stopped: Promise<void> | undefined;
    return {
      address: env.address,
      uiUrl: opts.ui ? `http://${ip}:${uiPort}` : undefined,
      namespace: 'default',
      namespaces: opts.namespaces,
      source: 'sdk-download',
      stop: () => (stopped ??= env.teardown()),
    };
  } finally {
    clearTimeout(timer);
  }
}
