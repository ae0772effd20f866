/**
 * `flowops check --watch`: one long-lived check session (ts-morph Project, plugin catalog and
 * per-workflow results stay in memory); a change under workflows/ re-checks only the workflows
 * it affects and prints the report again with the time it took.
 * @module
 */
import { watch } from 'node:fs';
import path from 'node:path';
import { type CheckOptions, type CheckResult, checkWorkflows, createCheckSession } from '@flowops/compiler';

export async function watchWorkflows(options: CheckOptions, render: (result: CheckResult) => string): Promise<number> {
  const session = createCheckSession();
  const runOnce = async (changed: string[]) => {
    const started = performance.now();
    try {
      const result = await checkWorkflows({ ...options, session, changed });
      process.stdout.write(render(result));
      process.stderr.write(`[watch] checked ${result.workflows.length} workflows in ${Math.round(performance.now() - started)} ms; waiting for changes…\n`);
    } catch (err) {
      process.stderr.write(`[watch] check failed: ${err instanceof Error ? err.message : String(err)}\n`);
    }
  };
  await runOnce([]);
  const dir = path.join(options.root, 'workflows');
  const pending = new Set<string>();
  let timer: NodeJS.Timeout | undefined;
  let running = Promise.resolve();
  const watcher = watch(dir, { recursive: true }, (_event, file) => {
    if (!file || file.includes('node_modules')) return;
    pending.add(path.join(dir, file.toString()));
    clearTimeout(timer);
    timer = setTimeout(() => {
      const changed = [...pending];
      pending.clear();
      running = running.then(() => runOnce(changed));
    }, 30);
  });
  return new Promise<number>((resolve) => {
    const stop = () => {
      watcher.close();
      resolve(0);
    };
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });
}
