/**
 * (Re)record the system workflows' replay corpus: drive a registry (publish, publish without
 * activating, activate, deactivate, continue-as-new), a keys workflow (create, use, revoke,
 * continue-as-new) and a capability record (heartbeats, leave) on a Temporal dev server and write
 * each run's history to test/replay/system-histories/<name>.json. `--workflows <file>` records with
 * another system workflows entry (e.g. an earlier release's `system.ts`): histories written by the
 * release that runs in the field are what a new system worker must replay. `registry-moved`
 * (a registry leaving the shared `flowops-system` queue) needs this release's code.
 * Re-recording is a deliberate act, never a way to make the gate pass.
 *
 *   npx tsx packages/runtime/scripts/record-system-corpus.ts [--workflows <file>] [--tag <text>] [name …]
 *
 * Uses FLOWOPS_TEST_TEMPORAL_ADDRESS when set, otherwise starts a dev server of its own.
 */
import { randomUUID } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { fileURLToPath } from 'node:url';
import type { Workflow } from '@flowops/core';
import { startDevServer } from '@flowops/testing';
import { Client, Connection } from '@temporalio/client';
import { DefaultLogger, NativeConnection, Runtime, Worker, bundleWorkflowCode } from '@temporalio/worker';
import { recordCapabilities } from '../src/capabilities';
import { WebhookKeys } from '../src/keys';
import { Registry, SYSTEM_TASK_QUEUE, systemWorkflowBundle } from '../src/registry';
import { historyToObject } from '../src/versioning';
import { capabilitiesWorkflowId, leaveSignal } from '../src/workflows/capabilities/types';
import { keysWorkflowId } from '../src/workflows/registry/keys-types';
import { registryWorkflowId } from '../src/workflows/registry/types';
import { scrub } from './scrub-identities';

const OUT = fileURLToPath(new URL('../test/replay/system-histories/', import.meta.url));

const ir = (name: string, version: string): Workflow =>
  ({
    apiVersion: 'flowops/v1',
    kind: 'Workflow',
    name,
    version,
    owner: '@acme/replay',
    input: { type: 'object' },
    triggers: [{ type: 'manual' }],
    steps: [{ id: 'hello', type: 'action', uses: 'log.info@1', with: { message: 'hi' }, effect: 'read' }],
  }) as unknown as Workflow;

const hash = (c: string): string => c.repeat(64);
const meta = { actor: 'alice', source: 'cli' } as const;

async function main(): Promise<void> {
  Runtime.install({ logger: new DefaultLogger('ERROR') });
  const { values, positionals } = parseArgs({ allowPositionals: true, options: { workflows: { type: 'string' }, tag: { type: 'string' } } });
  const only = new Set(positionals);
  const want = (name: string): boolean => only.size === 0 || only.has(name);
  const server = process.env.FLOWOPS_TEST_TEMPORAL_ADDRESS ? undefined : await startDevServer({ ui: false });
  const address = process.env.FLOWOPS_TEST_TEMPORAL_ADDRESS ?? server!.address;
  const connection = await Connection.connect({ address });
  const native = await NativeConnection.connect({ address });
  const client = new Client({ connection });
  const queue = `system-corpus-${randomUUID()}`;
  const workflowBundle = values.workflows
    ? await bundleWorkflowCode({ workflowsPath: values.workflows, logger: { log() {}, trace() {}, debug() {}, info() {}, warn() {}, error() {} } })
    : { code: await systemWorkflowBundle() };
  const worker = async (taskQueue: string) =>
    Worker.create({ connection: native, taskQueue, workflowBundle, identity: 'replay-recorder', maxCachedWorkflows: 0 });
  const workers = [await worker(queue), ...(want('registry-moved') ? [await worker(SYSTEM_TASK_QUEUE)] : [])];
  const id = randomUUID().slice(0, 8);
  const recorded: [name: string, workflowId: string, runId: string][] = [];
  const firstRun = async (workflowId: string) => (await client.workflow.getHandle(workflowId).describe()).raw.workflowExecutionInfo?.firstRunId ?? '';
  mkdirSync(OUT, { recursive: true });
  try {
    await Promise.allSettled([
      ...workers.map((w) => w.run()),
      (async () => {
        try {
          if (want('registry')) {
            const name = `corpus-registry-${id}`;
            const registry = new Registry(client, { systemTaskQueue: queue, maxChanges: 4 });
            await registry.publish({ version: '1.0.0', hash: hash('a'), ir: ir(name, '1.0.0'), meta });
            await registry.publish({ version: '1.1.0', hash: hash('b'), ir: ir(name, '1.1.0'), meta, activate: false });
            await registry.publish({ version: '1.0.0', hash: hash('c'), ir: ir(name, '1.0.0'), meta }); // refused by the validator
            await registry.activate(name, { version: '1.1.0', meta });
            await registry.deactivate(name, { meta }); // the 4th change: continue-as-new
            recorded.push(['registry', registryWorkflowId(name), await firstRun(registryWorkflowId(name))]);
          }
          if (want('keys')) {
            const name = `corpus-keys-${id}`;
            const keys = new WebhookKeys(client, { systemTaskQueue: queue });
            const made = await keys.create(name, 'alice');
            if (!made.ok) throw new Error(JSON.stringify(made));
            await keys.touch(name, made.value.record.prefix);
            await keys.revoke(name, made.value.record.prefix, 'bob');
            await keys.revoke(name, 'flk_00000000', 'bob'); // refused by the validator
            recorded.push(['keys', keysWorkflowId(name), await firstRun(keysWorkflowId(name))]);
          }
          if (want('capabilities')) {
            const taskQueue = `corpus-capabilities-${id}`;
            await recordCapabilities(client, { taskQueue, systemTaskQueue: queue, identity: 'worker-1', actions: ['http.request@1'], at: 1 });
            await recordCapabilities(client, { taskQueue, systemTaskQueue: queue, identity: 'worker-2', actions: ['log.info@1'], at: 2 });
            await recordCapabilities(client, { taskQueue, systemTaskQueue: queue, identity: 'worker-1', actions: ['http.request@1', 'log.info@1'], at: 3 });
            await client.workflow.getHandle(capabilitiesWorkflowId(taskQueue)).signal(leaveSignal, { identity: 'worker-2' });
            await new Promise((r) => setTimeout(r, 1000));
            recorded.push(['capabilities', capabilitiesWorkflowId(taskQueue), await firstRun(capabilitiesWorkflowId(taskQueue))]);
          }
          if (want('registry-moved')) {
            const name = `corpus-moved-${id}`;
            await new Registry(client).publish({ version: '1.0.0', hash: hash('a'), ir: ir(name, '1.0.0'), meta }); // shared queue
            await new Registry(client, { systemTaskQueue: queue }).publish({ version: '1.1.0', hash: hash('b'), ir: ir(name, '1.1.0'), meta });
            recorded.push(['registry-moved', registryWorkflowId(name), await firstRun(registryWorkflowId(name))]);
          }
          for (const [name, workflowId, runId] of recorded) {
            const history = await client.workflow.getHandle(workflowId, runId).fetchHistory();
            const body = { workflowId, ...(values.tag ? { recordedWith: values.tag } : {}), ...historyToObject(history) };
            writeFileSync(`${OUT}${name}.json`, scrub(JSON.stringify(body)));
            process.stdout.write(`recorded ${name}.json (${history.events?.length ?? 0} events)\n`);
          }
        } catch (error) {
          process.stderr.write(`recording failed: ${error instanceof Error ? error.stack : String(error)}\n`);
          process.exitCode = 1;
        } finally {
          for (const w of workers) w.shutdown();
        }
      })(),
    ]);
    for (const [, workflowId] of recorded)
      await client.workflow
        .getHandle(workflowId)
        .terminate('recorded')
        .catch(() => undefined);
  } finally {
    await native.close();
    await connection.close();
    await server?.stop();
  }
}

await main();
