/**
 * A flowops worker process with the real http plugin, for fault tests (SIGKILLed on purpose).
 * Env: TEMPORAL_ADDRESS, TASK_QUEUE, WORKFLOW_BUNDLE (path of a prebuilt interpreter bundle),
 * FAULT_WORKER_TAG (sent as `x-fault-worker` on its POSTs).
 * Prints READY once polling.
 */
import { implementation } from '@flowops/plugin-http/worker';
import { DefaultLogger, NativeConnection, Runtime } from '@temporalio/worker';
import { SecretResolver, StaticSecretProvider } from '../../../src/secrets';
import { createFlowopsWorker } from '../../../src/worker';

Runtime.install({ logger: new DefaultLogger('ERROR') });
// Tag this process's POSTs (x-fault-worker) so the effects server knows whose requests a kill cut.
const tag = process.env.FAULT_WORKER_TAG ?? 'worker';
const request = implementation.handlers.request;
const http = {
  ...implementation,
  handlers: {
    ...implementation.handlers,
    request: {
      ...request,
      run: (input: Parameters<typeof request.run>[0], ctx: Parameters<typeof request.run>[1]) =>
        request.run({ ...input, headers: { ...input.headers, 'x-fault-worker': tag } }, ctx),
    },
  },
};
const connection = await NativeConnection.connect({ address: process.env.TEMPORAL_ADDRESS! });
const { worker } = await createFlowopsWorker({
  connection,
  taskQueue: process.env.TASK_QUEUE!,
  plugins: [http],
  secrets: new SecretResolver({ providers: { env: new StaticSecretProvider({}) } }),
  workerOptions: {
    stickyQueueScheduleToStartTimeout: '2s',
    ...(process.env.WORKFLOW_BUNDLE ? { workflowBundle: { codePath: process.env.WORKFLOW_BUNDLE } } : {}),
  },
});
const running = worker.run();
process.stdout.write('READY\n');
await running;
await connection.close();
