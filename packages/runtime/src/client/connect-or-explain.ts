/**
 * Connecting to Temporal with an explanation instead of a gRPC stack trace.
 * @module
 */
import { connect as tcpConnect } from 'node:net';
import { FlowError } from '@flowops/core';
import { Connection, type ConnectionOptions } from '@temporalio/client';

export interface ConnectOrExplainOptions extends Omit<ConnectionOptions, 'address'> {
  /** Also check that this namespace exists. */
  namespace?: string;
  /** How long to try, in milliseconds (default 5000). */
  timeoutMs?: number;
}

const HINT = 'start the dev server with `npx flowops dev` or `temporal server start-dev`, or point the environment in flowops.config.ts at a reachable cluster';

/** Why a connection attempt failed, in one line. */
export function describeError(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  return message.split('\n')[0]?.trim() || 'unknown error';
}

/** `host` and `port` of `host:port` / `[v6]:port`; undefined when it has no port. */
function hostPort(address: string): { host: string; port: number } | undefined {
  const m = /^\[?([^\]]*?)\]?:(\d+)$/.exec(address.trim());
  return m ? { host: m[1]!, port: Number(m[2]) } : undefined;
}

/**
 * A TCP probe: resolves with the error of a port that refuses (or a host that does not resolve) at
 * once, and with undefined when something listens or the probe is inconclusive within `ms` — so a
 * closed port is reported in well under 2 s instead of after gRPC's whole connect deadline.
 */
function refused(address: string, ms = 1500): Promise<Error | undefined> {
  const hp = hostPort(address);
  if (!hp) return Promise.resolve(undefined);
  return new Promise((resolve) => {
    const socket = tcpConnect(hp);
    const done = (value: Error | undefined) => {
      clearTimeout(timer);
      socket.destroy();
      resolve(value);
    };
    const timer = setTimeout(() => done(undefined), ms);
    socket.once('connect', () => done(undefined));
    socket.once('error', (e: NodeJS.ErrnoException) => done(e.code === 'ECONNREFUSED' || e.code === 'ENOTFOUND' ? e : undefined));
  });
}

/**
 * Connects to Temporal at `address` and checks that it answers (`GetSystemInfo`, and
 * `DescribeNamespace` when `namespace` is given).
 * @throws FlowError `FLOW_TEMPORAL_UNREACHABLE` when it does not:
 * "could not reach Temporal at <addr> (…) — To fix: start the dev server with `npx flowops dev` … [FLOW_TEMPORAL_UNREACHABLE]"
 * @example
 * const connection = await connectOrExplain('127.0.0.1:7233', { namespace: 'staging' });
 */
export async function connectOrExplain(address: string, opts: ConnectOrExplainOptions = {}): Promise<Connection> {
  const { namespace, timeoutMs = 5000, ...connectionOptions } = opts;
  let connection: Connection;
  const closed = await refused(address);
  if (closed)
    throw new FlowError({ code: 'FLOW_TEMPORAL_UNREACHABLE', message: `could not reach Temporal at ${address} (${describeError(closed)})`, hint: HINT });
  try {
    connection = await Connection.connect({ ...connectionOptions, address, connectTimeout: timeoutMs });
    await connection.withDeadline(Date.now() + timeoutMs, () => connection.workflowService.getSystemInfo({}));
  } catch (error) {
    throw new FlowError({ code: 'FLOW_TEMPORAL_UNREACHABLE', message: `could not reach Temporal at ${address} (${describeError(error)})`, hint: HINT });
  }
  if (namespace) {
    try {
      await connection.withDeadline(Date.now() + timeoutMs, () => connection.workflowService.describeNamespace({ namespace }));
    } catch (error) {
      await connection.close();
      throw new FlowError({
        code: 'FLOW_TEMPORAL_UNREACHABLE',
        message: `Temporal at ${address} has no usable namespace "${namespace}" (${describeError(error)})`,
        hint: `create it with \`temporal operator namespace create --namespace ${namespace} --address ${address}\`, or fix the namespace in flowops.config.ts`,
      });
    }
  }
  return connection;
}
