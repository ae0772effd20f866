/**
 * Connecting to Temporal with an explanation instead of a gRPC stack trace.
 * @module
 */
import { FlowError } from '@flowops/core';
import { Connection, type ConnectionOptions } from '@temporalio/client';

export interface ConnectOrExplainOptions extends Omit<ConnectionOptions, 'address'> {
  /** Also check that this namespace exists. */
  namespace?: string;
  /** How long to try, in milliseconds (default 5000). */
  timeoutMs?: number;
}

const HINT =
  'start the dev server with `npx flowops dev` or `temporal server start-dev`, or point the environment in flowops.config.ts at a reachable cluster';

/** Why a connection attempt failed, in one line. */
export function describeError(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  return message.split('\n')[0]?.trim() || 'unknown error';
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
