/** Shared setup for the gitops integration tests: a client per namespace and a system worker. */
import { type Workflow, hashWorkflow } from '@flowops/core';
import { testTemporalAddress } from '@flowops/testing/vitest';
import { Client, Connection } from '@temporalio/client';
import { NativeConnection } from '@temporalio/worker';
import { type RunningSystemWorker, startSystemWorker } from '../../../src/registry';

export interface GitopsEnv {
  address: string;
  namespace: string;
  client: Client;
  connection: Connection;
  native: NativeConnection;
  system: RunningSystemWorker;
  close(): Promise<void>;
}

export async function gitopsEnv(namespace: string, opts: { ephemeral?: boolean } = {}): Promise<GitopsEnv> {
  const address = testTemporalAddress();
  const connection = await Connection.connect({ address });
  const client = new Client({ connection, namespace });
  const native = await NativeConnection.connect({ address });
  const system = await startSystemWorker({ connection: native, namespace, ephemeral: opts.ephemeral ?? true });
  return {
    address,
    namespace,
    client,
    connection,
    native,
    system,
    async close() {
      await system.stop();
      await native.close();
      await connection.close();
    },
  };
}

let counter = 0;
/** A unique workflow name per test run (the dev server is shared across test files). */
export function uniqueName(prefix: string): string {
  counter += 1;
  return `${prefix}-${Date.now().toString(36)}-${counter}`;
}

/** A small valid IR. */
export function makeIr(name: string, version: string, overrides: Partial<Workflow> = {}): Workflow {
  return {
    apiVersion: 'flowops/v1',
    kind: 'Workflow',
    name,
    version,
    owner: '@acme/platform',
    input: { type: 'object', properties: {} },
    triggers: [{ type: 'manual' }],
    steps: [{ id: 'hello', type: 'action', uses: 'log.info@1', with: { message: 'hi' }, effect: 'read' }],
    ...overrides,
  } as Workflow;
}

export const hashIr = (ir: Workflow): string => hashWorkflow(ir);
