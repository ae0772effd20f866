/**
 * `flowops codec-server`: serve the payload codec to the Temporal UI / CLI so they can show
 * decrypted payloads. Keys come from `--env <name>` (its `codecKeys` in flowops.config.ts) or
 * from `FLOWOPS_CODEC_KEYS`; the bearer token from `FLOWOPS_CODEC_TOKEN` (or `--token-env VAR`),
 * never from a flag value (flags show up in `ps`).
 * @module
 */
import { parseArgs } from 'node:util';
import { FlowError } from '@flowops/core';
import { CODEC_KEYS_ENV, codecForEnvironment, startCodecServer, uiOrigins } from '@flowops/runtime/security';

export const name = 'codec-server';
export const summary = 'Serve the payload codec (encrypt/decrypt) to the Temporal UI';
export const usage = `flowops codec-server [--env <name>] [--port 8888] [--host 127.0.0.1]
                      [--cors-origin <ui-origin>]… [--allow-host <host[:port]>]…
                      [--token-env FLOWOPS_CODEC_TOKEN]

  Keys:  --env <name> uses that environment's codecKeys, otherwise $${CODEC_KEYS_ENV}
         ("<id>:<base64 32 bytes>,…", first = current; generate: openssl rand -base64 32).
  Token: $FLOWOPS_CODEC_TOKEN (or the variable named by --token-env); clients send
         "Authorization: Bearer <token>". Without a token the server listens on loopback only
         and answers only requests addressed to 127.0.0.1, localhost or [::1] with its port
         (DNS rebinding); --allow-host adds a name (e.g. the one a proxy forwards), others get 421.
  CORS:  --cors-origin, otherwise the --env environment's uiUrl, otherwise the dev server UI
         (http://127.0.0.1:8233 and http://localhost:8233); a loopback UI URL is allowed
         under every loopback name.
  Temporal UI: Settings → Codec Server → endpoint http://<host>:<port>.`;

function usageError(message: string): FlowError {
  return new FlowError({ code: 'FLOW_USAGE', message, hint: `run: ${usage.split('\n')[0]}` });
}

const parse = (argv: string[]) =>
  parseArgs({
    args: argv,
    options: {
      env: { type: 'string' },
      port: { type: 'string', default: '8888' },
      host: { type: 'string', default: '127.0.0.1' },
      'cors-origin': { type: 'string', multiple: true },
      'allow-host': { type: 'string', multiple: true },
      'token-env': { type: 'string', default: 'FLOWOPS_CODEC_TOKEN' },
      help: { type: 'boolean', short: 'h' },
    },
    strict: true,
  });

/** Runs until SIGINT/SIGTERM; returns the exit code. */
export async function run(argv: string[]): Promise<number> {
  let values: ReturnType<typeof parse>['values'];
  try {
    ({ values } = parse(argv));
  } catch (err) {
    throw usageError(err instanceof Error ? err.message : String(err));
  }
  if (values.help) {
    process.stdout.write(`${usage}\n`);
    return 0;
  }
  const port = Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw usageError(`--port "${values.port}" is not a port number`);

  let environment: { codecKeys?: string | undefined; uiUrl?: string | undefined } = {};
  if (values.env) {
    const { loadEnvironment } = await import('../config');
    environment = await loadEnvironment(values.env);
  }
  const uiUrl = environment.uiUrl;
  const codec = codecForEnvironment(environment);
  if (!codec) {
    throw new FlowError({
      code: 'FLOW_CODEC_ERROR',
      message: 'no codec keys are configured, so there is nothing to serve',
      hint: `set ${CODEC_KEYS_ENV}="<id>:$(openssl rand -base64 32)" (or codecKeys of the --env environment)`,
    });
  }
  const corsOrigin = values['cors-origin'] ?? uiOrigins(uiUrl);
  const allowedHosts = values['allow-host'];
  const token = process.env[values['token-env']];
  const server = await startCodecServer({ codec, port, host: values.host, token, corsOrigin, allowedHosts });
  const hosts = ['loopback', ...(allowedHosts ?? [])].join(', ');
  process.stdout.write(
    `codec server on ${server.url} (key "${codec.currentKeyId}" encrypts; CORS: ${corsOrigin.join(', ')}; ` +
      `${token ? 'bearer token required' : 'no token: loopback only'}${!token || allowedHosts ? `; Host: ${hosts}` : ''})\n`,
  );
  await new Promise<void>((resolve) => {
    process.once('SIGINT', resolve);
    process.once('SIGTERM', resolve);
  });
  await server.close();
  return 0;
}

export default { name, summary, usage, run };
