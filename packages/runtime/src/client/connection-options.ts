/**
 * How to reach a Temporal cluster securely, from a resolved flowops environment: server TLS, mTLS
 * (certificate and key given as PEM text or as file paths) and Temporal Cloud API keys. One
 * place for the CLI, the workers and the GitHub App.
 * @module
 */
import { readFileSync } from 'node:fs';

/** The security part of a resolved environment (`ResolvedEnvironment` from @flowops/sdk). */
export interface EnvironmentSecurity {
  tls: boolean | { clientCert: string; clientKey: string; serverName?: string | undefined };
  apiKey?: string | undefined;
}

export interface SecureConnectionOptions {
  tls?: true | { clientCertPair: { crt: Buffer; key: Buffer }; serverNameOverride?: string };
  apiKey?: string;
}

/** PEM text as is; anything else is the path of a PEM file. */
function readPem(value: string): Buffer {
  return Buffer.from(value.includes('-----BEGIN') ? value : readFileSync(value, 'utf8'));
}

/** `tls` and `apiKey` options for `Connection.connect` / `NativeConnection.connect`. */
export function temporalConnectionOptions(env: EnvironmentSecurity): SecureConnectionOptions {
  const tls =
    typeof env.tls === 'object'
      ? {
          clientCertPair: { crt: readPem(env.tls.clientCert), key: readPem(env.tls.clientKey) },
          ...(env.tls.serverName ? { serverNameOverride: env.tls.serverName } : {}),
        }
      : env.tls === true
        ? (true as const)
        : undefined;
  return { ...(tls ? { tls } : {}), ...(env.apiKey ? { apiKey: env.apiKey } : {}) };
}
