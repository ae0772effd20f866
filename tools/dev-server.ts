/**
 * Provision the Temporal CLI and, unless `--install-only`, run a dev server in the foreground.
 *
 *   npx tsx tools/dev-server.ts --install-only     # find or build `temporal` into the cache (CI does this first)
 *   npx tsx tools/dev-server.ts [--headless] [--db <file>] [--namespace <ns>…] [--log-level <lvl>]
 *
 * Exit codes: 0 ok, 1 provisioning/start failed, 2 usage error.
 */
import { execFileSync } from 'node:child_process';
import { parseArgs } from 'node:util';
import { FlowError, formatIssue } from '@flowops/core';
import { ensureTemporalCli, startDevServer, type DevServerLogLevel } from '@flowops/testing';

const USAGE = 'usage: npx tsx tools/dev-server.ts [--install-only] [--headless] [--db <file>] [--namespace <ns>]… [--log-level debug|info|warn|error]';

async function main(): Promise<number> {
  // biome-ignore lint/suspicious/noImplicitAnyLet: typed by the parseArgs call below
  let values;
  try {
    ({ values } = parseArgs({
      options: {
        'install-only': { type: 'boolean', default: false },
        headless: { type: 'boolean', default: false },
        db: { type: 'string' },
        namespace: { type: 'string', multiple: true, default: ['staging', 'production'] },
        'log-level': { type: 'string', default: 'warn' },
        help: { type: 'boolean', short: 'h', default: false },
      },
    }));
  } catch (error) {
    console.error(`${error instanceof Error ? error.message : String(error)}\n${USAGE} [FLOW_USAGE]`);
    return 2;
  }
  if (values.help) {
    console.log(USAGE);
    return 0;
  }

  const started = Date.now();
  const cli = await ensureTemporalCli();
  if (!cli.ok) {
    for (const issue of cli.issues) console.error(formatIssue(issue));
    return 1;
  }
  const seconds = () => ((Date.now() - started) / 1000).toFixed(1);
  if (cli.value.kind === 'binary') {
    let version = '';
    try {
      version = execFileSync(cli.value.path, ['--version'], { encoding: 'utf8' }).trim();
    } catch {
      console.error(
        `${cli.value.path} does not run (\`--version\` failed) — To fix: delete it or set FLOWOPS_TEMPORAL_CLI to a working binary [FLOW_TEMPORAL_UNREACHABLE]`,
      );
      return 1;
    }
    console.error(`temporal CLI: ${cli.value.path} (${cli.value.source}; ${version}) in ${seconds()}s`);
  }
  if (values['install-only'] && cli.value.kind === 'binary') return 0;

  // Foreground server (also the only way to trigger the @temporalio/testing download fallback).
  const server = await startDevServer({
    cli: cli.value,
    ui: !values.headless && !values['install-only'],
    namespaces: values.namespace,
    logLevel: values['log-level'] as DevServerLogLevel,
    forwardOutput: !values['install-only'],
    ...(values.db ? { dbFile: values.db } : {}),
  });
  if (values['install-only']) {
    await server.stop();
    console.error(`temporal CLI downloaded by @temporalio/testing into ${cli.value.kind === 'sdk-download' ? cli.value.downloadDir : ''} in ${seconds()}s`);
    return 0;
  }
  console.log(`Temporal dev server: ${server.address}  namespaces: ${server.namespaces.join(', ')}`);
  if (server.uiUrl) console.log(`Web UI: ${server.uiUrl}`);
  console.log('Press Ctrl-C to stop.');
  await new Promise<void>((resolve) => {
    process.once('SIGINT', resolve);
    process.once('SIGTERM', resolve);
  });
  await server.stop();
  return 0;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error instanceof FlowError ? error.message : `unexpected error: ${error instanceof Error ? error.message : String(error)} [FLOW_INTERNAL]`);
    process.exit(1);
  },
);
