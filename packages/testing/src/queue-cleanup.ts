/**
 * Test hygiene on the shared dev server: a test that runs system workflows (registries, keys) on a
 * task queue of its own must end them when it stops. Otherwise they outlive their worker, and a
 * later test's `flowops publish` in the same namespace plans them as "removed" and waits for a
 * worker that no longer exists.
 * @module
 */
import type { Client } from '@temporalio/client';

/** Terminates every running workflow on `taskQueue` (at most `max`); returns how many. */
export async function terminateTaskQueueWorkflows(client: Client, taskQueue: string, max = 1000): Promise<number> {
  const ids: string[] = [];
  for await (const w of client.workflow.list({ query: `TaskQueue = '${taskQueue.replace(/'/g, '')}' AND ExecutionStatus = 'Running'` })) {
    ids.push(w.workflowId);
    if (ids.length >= max) break;
  }
  await Promise.all(
    ids.map((id) =>
      client.workflow
        .getHandle(id)
        .terminate('test cleanup: its task queue has no worker any more')
        .catch(() => undefined),
    ),
  );
  return ids.length;
}
