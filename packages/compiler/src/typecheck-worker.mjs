// Worker-thread entry for the cold type-check: a one-shot check (typecheck-once.ts) off the main
// thread, so it overlaps with loading and validating the workflow modules.
// Plain ESM JavaScript. Run from source (tests, dev) it registers tsx itself (loader hooks are not
// inherited by workers); from dist/ (the built binary) its sibling is JavaScript and tsx, whose
// hooks would also see all of TypeScript's 9 MB, is not loaded (≈0.2 s of CPU per check).
import { parentPort, workerData } from 'node:worker_threads';

const sibling = new URL('./typecheck-once.ts', import.meta.url);
if (sibling.pathname.endsWith('.ts')) (await import('tsx/esm/api')).register();
const { checkOnce } = await import(sibling.href);
try {
  const result = checkOnce(workerData.root, workerData.roots);
  parentPort.postMessage({ ok: true, byRoot: [...result.byRoot], deps: [...result.deps] });
} catch (err) {
  parentPort.postMessage({ ok: false, message: err instanceof Error ? err.message : String(err) });
}
