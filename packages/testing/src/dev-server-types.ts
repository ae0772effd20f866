/**
 * The dev server's options and handle, shared by the CLI-backed server (`dev-server.ts`) and the
 * `@temporalio/testing` fallback (`sdk-dev-server.ts`), so neither imports the other for types.
 * @module
 */
import type { TemporalCli } from './temporal-cli';

/** Log level of the dev server process. */
export type DevServerLogLevel = 'debug' | 'info' | 'warn' | 'error' | 'never';

/** How to start the dev server. */
export interface DevServerOptions {
  /** SQLite file to persist state in; in-memory when omitted. */
  dbFile?: string;
  /** Namespaces to create besides `default`. */
  namespaces?: string[];
  /** Serve the Web UI (default false: `--headless`). */
  ui?: boolean;
  /** Server log level (default `warn`). */
  logLevel?: DevServerLogLevel;
  /** Address to bind (default 127.0.0.1). */
  ip?: string;
  /** gRPC port (default: a free one). */
  port?: number;
  /** UI port (default: a free one). */
  uiPort?: number;
  /** How long to wait for the server to answer, in ms (default 60 000). */
  readyTimeoutMs?: number;
  /** Use this CLI instead of looking one up (see `ensureTemporalCli`). */
  cli?: TemporalCli;
  /** Environment for the lookup and the server process (default `process.env`). */
  env?: Record<string, string | undefined>;
  /** Forward the server's output to our stdout/stderr (foreground use). */
  forwardOutput?: boolean;
  /** Progress output while provisioning the CLI (default stderr). */
  log?: (chunk: string) => void;
}

/** A running dev server. */
export interface DevServer {
  /** `host:port` of the gRPC frontend. */
  address: string;
  /** Web UI URL, when `ui` is on. */
  uiUrl: string | undefined;
  /** Always `default`. */
  namespace: string;
  /** All namespaces created: `default` plus the extra ones. */
  namespaces: string[];
  /** Where the binary came from (`sdk-download` when `@temporalio/testing` started it). */
  source: string;
  /** Stops the server (SIGTERM, then SIGKILL after a grace period). Idempotent. */
  stop(): Promise<void>;
}
