// Worker-thread entry for the cold type-check: runs the ts-morph type checker off the main
// thread so it overlaps with loading and validating the workflow modules.
// Plain ESM JavaScript: it registers tsx itself (loader hooks are not inherited by workers).
import { parentPort, workerData } from 'node:worker_threads';
import { register } from 'tsx/esm/api';

register();
const { createTypeChecker } = await import('./typecheck.ts');
try {
  const result = createTypeChecker(workerData.root).check(workerData.roots);
  parentPort.postMessage({ ok: true, byRoot: [...result.byRoot], deps: [...result.deps] });
} catch (err) {
  parentPort.postMessage({ ok: false, message: err instanceof Error ? err.message : String(err) });
}
