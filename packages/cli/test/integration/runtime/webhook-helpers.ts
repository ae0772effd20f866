/**
 * The webhook-key tests through the real binary: `flowops keys …` and a `flowops gateway` child
 * process against the dev server, with a workflow published to the registry in-process.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { type Workflow, hashWorkflow } from '@flowops/core';
import { Registry, type RunningSystemWorker, startSystemWorker } from '@flowops/runtime';
import { testIr } from '@flowops/testing';
import { terminateTaskQueueWorkflows, testTemporalAddress, waitFor } from '@flowops/testing/vitest';
import { Client, Connection } from '@temporalio/client';
import { DefaultLogger, NativeConnection, Runtime } from '@temporalio/worker';
import { BIN, MONOREPO } from '../gitops/repo';

export interface WebhookBench {
  client: Client;
  workflow: Workflow;
  /** Everything every child process wrote (for the secret scan). */
  output: () => string;
  flowops(...args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }>;
  gateway(): Promise<string>;
  /** Stop the gateway processes (their output is then complete). */
  stopGateways(): Promise<void>;
  close(): Promise<void>;
}

/** A published workflow with a webhook trigger and the environment the binary runs with. */
/**
 * `deployedSystemWorker`: the commands rely on this test's system worker (FLOWOPS_SYSTEM_WORKER=0,
 * as next to a deployed `flowops worker`) instead of each starting one in-process.
 */
export async function webhookBench(base: string, actor = 'alice@example.com', o: { deployedSystemWorker?: boolean } = {}): Promise<WebhookBench> {
  try {
    Runtime.install({ logger: new DefaultLogger('ERROR') });
  } catch {
    // installed already in this process
  }
  const address = testTemporalAddress();
  const systemTaskQueue = `it-system-${randomBytes(4).toString('hex')}`;
  const connection = await Connection.connect({ address });
  const native = await NativeConnection.connect({ address });
  const client = new Client({ connection });
  const system: RunningSystemWorker = await startSystemWorker({ connection: native, namespace: 'default', taskQueue: systemTaskQueue, ephemeral: true });
  const workflow = testIr({
    name: `${base}-${randomBytes(3).toString('hex')}`,
    triggers: [{ type: 'webhook' }],
    input: { type: 'object', properties: { service: { type: 'string' } }, required: ['service'] },
  });
  const published = await new Registry(client, { systemTaskQueue }).publish({
    version: workflow.version,
    hash: hashWorkflow(workflow),
    ir: workflow,
    meta: { actor, source: 'cli' },
  });
  if (!published.ok) throw new Error(published.issues[0]?.message);
  const env = {
    ...process.env,
    NO_COLOR: '1',
    FLOWOPS_TEMPORAL_ADDRESS: address,
    FLOWOPS_TASK_QUEUE: `it-idle-${randomBytes(4).toString('hex')}`, // runs only start: no worker needed
    FLOWOPS_SYSTEM_TASK_QUEUE: systemTaskQueue,
    FLOWOPS_ACTOR: actor,
    ...(o.deployedSystemWorker ? { FLOWOPS_SYSTEM_WORKER: '0' } : {}),
  };
  let all = '';
  const children: ChildProcess[] = [];
  const flowops = (...args: string[]) => {
    const child = spawn(process.execPath, [BIN, ...args], { cwd: MONOREPO, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout?.on('data', (d) => (stdout += d));
    child.stderr?.on('data', (d) => (stderr += d));
    return new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve) =>
      child.on('close', (code) => {
        all += stdout + stderr;
        resolve({ code, stdout, stderr });
      }),
    );
  };
  const stopGateways = () =>
    Promise.all(
      children.map(
        (c) =>
          new Promise<void>((resolve) => {
            if (c.exitCode !== null) return resolve();
            c.on('close', () => resolve());
            c.kill('SIGTERM');
          }),
      ),
    ).then(() => undefined);
  return {
    client,
    workflow,
    output: () => all,
    flowops,
    async gateway() {
      const child = spawn(process.execPath, [BIN, 'gateway', '--env', 'local', '--port', '0'], { cwd: MONOREPO, env, stdio: ['ignore', 'pipe', 'pipe'] });
      children.push(child);
      let out = '';
      child.stdout?.on('data', (d) => (out += d));
      child.stderr?.on('data', (d) => (out += d));
      child.on('close', () => (all += out));
      const m = await waitFor('the gateway banner', () => /gateway for local on (http:\/\/127\.0\.0\.1:\d+) /.exec(out), {
        timeoutMs: 90_000,
        context: () => out,
      });
      return m[1]!;
    },
    stopGateways,
    async close() {
      await stopGateways();
      await terminateTaskQueueWorkflows(client, systemTaskQueue);
      await system.stop();
      await native.close();
      await connection.close();
    },
  };
}

/** POST `/hooks/<workflow>` with a key. */
export async function hook(
  url: string,
  workflow: string,
  key: string,
  body: unknown = { service: 'api' },
): Promise<{ status: number; body: Record<string, any> }> {
  const res = await fetch(`${url}/hooks/${workflow}`, {
    method: 'POST',
    headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  return { status: res.status, body: JSON.parse(await res.text()) };
}

/** The key `flowops keys create|rotate` printed. */
export function printedKey(stdout: string): { key: string; prefix: string } {
  const m = /^ {2}((flk_[0-9a-f]{8})_[A-Za-z0-9_-]{43})$/m.exec(stdout);
  if (!m) throw new Error(`no key in:\n${stdout}`);
  return { key: m[1]!, prefix: m[2]! };
}
