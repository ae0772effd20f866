/**
 * Connecting the runtime commands (run, dry-run, status, worker) to an environment's Temporal:
 * address/namespace/task queue from flowops.config.ts (`local` = the dev server at
 * 127.0.0.1:7233 that `flowops dev` starts, or FLOWOPS_LOCAL_ADDRESS), overridable with FLOWOPS_TEMPORAL_ADDRESS,
 * FLOWOPS_NAMESPACE and FLOWOPS_TASK_QUEUE; codec keys from the environment or FLOWOPS_CODEC_KEYS.
 * @module
 */
import { FlowError } from '@flowops/core';
import { connectEnvironment, localAddress } from '@flowops/gitops';
import { dataConverterForEnvironment, devUiUrl, temporalConnectionOptions } from '@flowops/runtime/security';
import type { ResolvedEnvironment } from '@flowops/sdk';
import type { Client, Connection } from '@temporalio/client';
import type { DataConverter } from '@temporalio/common';
import { loadEnvironment } from '../config';

/** The Temporal UI of the `local` dev server (`devUiUrl`: the one URL form flowops prints). */
export const LOCAL_UI = devUiUrl();

/** An environment as the runtime commands use it. */
export interface RuntimeEnv {
  env: ResolvedEnvironment;
  address: string;
  namespace: string;
  taskQueue: string;
  uiUrl: string | undefined;
  dataConverter: DataConverter | undefined;
  tls: ResolvedEnvironment['tls'];
  apiKey: string | undefined;
}

export async function resolveRuntimeEnv(name: string, root?: string): Promise<RuntimeEnv> {
  const env = await loadEnvironment(name, root);
  const address = env.address ?? localAddress();
  return {
    env,
    address,
    namespace: env.namespace,
    taskQueue: env.taskQueue,
    uiUrl: env.uiUrl ?? (env.address === undefined || address.startsWith('127.0.0.1') ? LOCAL_UI : undefined),
    dataConverter: dataConverterForEnvironment(env),
    tls: env.tls,
    apiKey: env.apiKey,
  };
}

/** `tls` and `apiKey` connection options of the environment (PEM text or file paths). */
export function securityOptions(r: Pick<RuntimeEnv, 'tls' | 'apiKey'>) {
  return temporalConnectionOptions(r);
}

/** A client for the environment; FLOW_TEMPORAL_UNREACHABLE (with the address and how to start the dev server) if it does not answer. */
export async function connectClient(r: RuntimeEnv): Promise<{ client: Client; connection: Connection }> {
  const { client, connection } = await connectEnvironment({ ...r.env, address: r.address, namespace: r.namespace });
  return { client, connection };
}

/** Link to a run in the Temporal UI, when the environment has one. */
export function runLink(r: Pick<RuntimeEnv, 'uiUrl' | 'namespace'>, workflowId: string): string | undefined {
  if (!r.uiUrl) return undefined;
  return `${r.uiUrl.replace(/\/$/, '')}/namespaces/${encodeURIComponent(r.namespace)}/workflows/${encodeURIComponent(workflowId)}`;
}

export function unreachable(address: string, why: string): FlowError {
  return new FlowError({
    code: 'FLOW_TEMPORAL_UNREACHABLE',
    message: `could not reach Temporal at ${address} (${why})`,
    hint: 'start the dev server with `npx flowops dev` (or `temporal server start-dev`), or set FLOWOPS_TEMPORAL_ADDRESS',
  });
}
