/**
 * (Re)record the replay corpus: run every scenario of test/replay/scenarios.ts on a Temporal dev
 * server with the current interpreter and write each run's history to
 * test/replay/histories/<scenario>.json. Re-recording is a deliberate act, done when a new
 * scenario is added or after an interpreter change shipped as a new worker version — never to
 * make the replay gate pass.
 *
 *   npx tsx packages/runtime/scripts/record-replay-corpus.ts [scenario …]
 *
 * The unprefixed scenarios hold runs from before the lean step runner (no patch marker); record
 * today's interpreter under the `lean-` names (`… record-replay-corpus.ts lean-action lean-parallel`).
 *
 * Uses FLOWOPS_TEST_TEMPORAL_ADDRESS when set, otherwise starts a dev server of its own.
 */
import { randomUUID } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { startDevServer } from '@flowops/testing';
import { Client, Connection } from '@temporalio/client';
import { DefaultLogger, NativeConnection, Runtime } from '@temporalio/worker';
import { SecretResolver, StaticSecretProvider } from '../src/secrets';
import { createFlowopsWorker } from '../src/worker';
import { approveUpdate, progressQuery } from '../src/workflows/types';
import { historyToObject } from '../src/versioning';
import { corpusActions, leanScenarios, scenarios } from '../test/replay/scenarios';
import { scrub } from './scrub-identities';

const OUT = fileURLToPath(new URL('../test/replay/histories/', import.meta.url));

async function main(): Promise<void> {
  Runtime.install({ logger: new DefaultLogger('ERROR') });
  const only = new Set(process.argv.slice(2));
  const server = process.env.FLOWOPS_TEST_TEMPORAL_ADDRESS ? undefined : await startDevServer({ ui: false });
  const address = process.env.FLOWOPS_TEST_TEMPORAL_ADDRESS ?? server!.address;
  const connection = await Connection.connect({ address });
  const native = await NativeConnection.connect({ address });
  const client = new Client({ connection });
  const taskQueue = `replay-corpus-${randomUUID()}`;
  const { worker } = await createFlowopsWorker({
    connection: native,
    taskQueue,
    actions: corpusActions,
    identity: 'replay-recorder',
    secrets: new SecretResolver({ providers: { env: new StaticSecretProvider({}) } }),
  });
  mkdirSync(OUT, { recursive: true });
  try {
    await worker.runUntil(async () => {
      for (const s of [...scenarios, ...leanScenarios]) {
        if (only.size > 0 && !only.has(s.name)) continue;
        const workflowId = `replay-${s.name}`;
        const handle = await client.workflow.start('flowopsInterpreter', {
          taskQueue,
          workflowId: `${workflowId}-${randomUUID().slice(0, 8)}`,
          args: [s.args],
        });
        if (s.drive) {
          for (let i = 0; i < 100 && !(await handle.query(progressQuery)).waitingApprovals.includes('gate'); i++) await new Promise((r) => setTimeout(r, 100));
          await handle.executeUpdate(approveUpdate, {
            args: [{ stepId: 'gate', decision: s.drive, by: 'alice', reason: s.drive === 'reject' ? 'not today' : 'lgtm' }],
          });
        }
        await handle.result().catch(() => undefined);
        const runs: string[] = [handle.firstExecutionRunId];
        if (s.chain) {
          const last = (await client.workflow.getHandle(handle.workflowId).describe()).runId;
          if (last !== runs[0]) runs.push(last);
        }
        for (const [i, runId] of runs.entries()) {
          const history = await client.workflow.getHandle(handle.workflowId, runId).fetchHistory();
          const file = `${s.name}${i === 0 ? '' : `-run${i + 1}`}.json`;
          // The workflow id travels with the history: replaying a `call` compares child workflow ids derived from it.
          writeFileSync(`${OUT}${file}`, scrub(JSON.stringify({ workflowId: handle.workflowId, ...historyToObject(history) })));
          process.stdout.write(`recorded ${file} (${history.events?.length ?? 0} events)\n`);
        }
      }
    });
  } finally {
    await native.close();
    await connection.close();
    await server?.stop();
  }
}

await main();
