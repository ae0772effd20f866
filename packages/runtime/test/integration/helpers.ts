/**
 * Integration-test helpers: a client and native connection to the dev server of the global
 * setup, IR construction, and a worker (own task queue per test) whose actions are test handlers.
 */
import { randomUUID } from 'node:crypto';
import type { Workflow, WorkflowInput } from '@flowops/core';
import { testIr } from '@flowops/testing';
import type { ActionContext, PluginImplementation } from '@flowops/sdk';
import { Client, Connection, type WorkflowHandleWithFirstExecutionRunId } from '@temporalio/client';
import type { DataConverter } from '@temporalio/common';
import { DefaultLogger, NativeConnection, Runtime, type Worker } from '@temporalio/worker';
import { inject } from 'vitest';
import type { ActionSpec, ActivityDeps } from '../../src/activities';
import { StaticSecretProvider } from '../../src/secrets';
import { SecretResolver } from '../../src/secrets';
import { createFlowopsWorker } from '../../src/worker';
import type { InterpreterArgs, InterpreterResult } from '../../src/workflows/types';

export function temporalAddress(): string {
  const address = inject('temporalAddress') || process.env.FLOWOPS_TEST_TEMPORAL_ADDRESS;
  if (!address) throw new Error('no Temporal address: run in the integration project');
  return address;
}

let runtimeInstalled = false;
/** Quiet the SDK's INFO logs (once per process, before the first connection). */
function quietRuntime(): void {
  if (runtimeInstalled) return;
  runtimeInstalled = true;
  try {
    Runtime.install({ logger: new DefaultLogger('ERROR') });
  } catch {
    // already installed by another module of this process
  }
}

export interface TestEnv {
  client: Client;
  native: NativeConnection;
  close(): Promise<void>;
}

export async function connect(dataConverter?: DataConverter): Promise<TestEnv> {
  quietRuntime();
  const address = temporalAddress();
  const connection = await Connection.connect({ address });
  const native = await NativeConnection.connect({ address });
  const client = new Client({ connection, ...(dataConverter ? { dataConverter } : {}) });
  return {
    client,
    native,
    async close() {
      await connection.close();
      await native.close();
    },
  };
}

/** A flowops/v1 IR with defaults applied (`testIr` of @flowops/testing with these steps). */
export function ir(steps: unknown[], extra: Omit<Partial<WorkflowInput>, 'steps'> = {}): Workflow {
  return testIr({ ...extra, steps });
}

export type Handler = (input: any, ctx: ActionContext) => unknown;

/** Action specs from handlers: `{ 'test.echo@1': fn }`; a `!` suffix on the key marks a write action. */
export function specs(handlers: Record<string, Handler>): ActionSpec[] {
  return Object.entries(handlers).map(([key, fn]) => {
    const write = key.endsWith('!');
    const uses = write ? key.slice(0, -1) : key;
    return { uses, effect: write ? 'write' : 'read', run: async (input, ctx) => fn(input, ctx) } satisfies ActionSpec;
  });
}

export interface RunningWorker {
  taskQueue: string;
  worker: Worker;
  stop(): Promise<void>;
}

export async function startWorker(
  env: TestEnv,
  actions: ActionSpec[],
  opts: Partial<ActivityDeps> & { dataConverter?: DataConverter; taskQueue?: string; plugins?: PluginImplementation[] } = {},
): Promise<RunningWorker> {
  const taskQueue = opts.taskQueue ?? `it-${randomUUID()}`;
  const { worker } = await createFlowopsWorker({
    connection: env.native,
    taskQueue,
    actions,
    ...(opts.plugins ? { plugins: opts.plugins } : {}),
    secrets: opts.secrets ?? new SecretResolver({ providers: { env: new StaticSecretProvider({}) } }),
    ...(opts.log ? { log: opts.log } : {}),
    ...(opts.dataConverter ? { dataConverter: opts.dataConverter } : {}),
  });
  const running = worker.run();
  return {
    taskQueue,
    worker,
    async stop() {
      worker.shutdown();
      await running;
    },
  };
}

export function args(workflow: Workflow, input: unknown = {}, more: Partial<InterpreterArgs> = {}): InterpreterArgs {
  return { ir: workflow, input, env: {}, dryRun: false, ...more };
}

export async function start(env: TestEnv, taskQueue: string, a: InterpreterArgs): Promise<WorkflowHandleWithFirstExecutionRunId> {
  return env.client.workflow.start('flowopsInterpreter', {
    taskQueue,
    workflowId: `it-${a.ir.name}-${randomUUID()}`,
    args: [a],
  });
}

export async function run(env: TestEnv, taskQueue: string, a: InterpreterArgs): Promise<InterpreterResult> {
  const handle = await start(env, taskQueue, a);
  return (await handle.result()) as InterpreterResult;
}

/** The failure a run ended with (type, message, details) — throws if it succeeded. */
export async function runFailure(env: TestEnv, taskQueue: string, a: InterpreterArgs): Promise<{ type: string | undefined; message: string; details: any }> {
  const handle = await start(env, taskQueue, a);
  try {
    await handle.result();
  } catch (err) {
    const cause = (err as { cause?: { type?: string; message: string; details?: unknown[] } }).cause;
    if (!cause) throw err;
    return { type: cause.type, message: cause.message, details: cause.details?.[0] };
  }
  throw new Error('expected the run to fail');
}

export const sleepMs = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));
