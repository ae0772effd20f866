// Child-process entry of the isolated workflow loader (load-child.ts): registers tsx, then loads
// one workflow module per request and answers with its IR or the load failure. The parent kills
// this process when a module does not finish loading in time (an endless loop at top level
// blocks the event loop, so only a separate process can be stopped). Plain ESM JavaScript.
import { register } from 'tsx/esm/api';

register();
// Whatever a workflow module prints must not reach the parent's stdout (e.g. --format json).
console.log = console.info = console.debug = console.error;
const { createModuleLoader } = await import('./module-loader.ts');
const { loadTsWorkflow } = await import('./load-ts.ts');
const loader = createModuleLoader();

process.on('message', async (request) => {
  let reply;
  try {
    if (request.policy) {
      // flowops.policy.ts: load it and evaluate its rules here (rules are functions), answer plain data.
      const { evaluatePolicyRequest } = await import('./policy/child.ts');
      process.send({ id: request.id, reply: await evaluatePolicyRequest(request.policy, loader) });
      return;
    }
    const loaded = await loadTsWorkflow(request.source, loader, request.version, request.fresh);
    reply = loaded.ok ? { ok: true, ir: loaded.ir } : loaded;
  } catch (err) {
    reply = {
      ok: false,
      code: 'FLOW_LOAD_ERROR',
      message: `loading the workflow failed: ${err instanceof Error ? err.message : String(err)}`,
      hint: 'fix the error thrown while the module runs',
    };
  }
  try {
    process.send({ id: request.id, reply });
  } catch (err) {
    // The IR could not be sent (e.g. it holds a function): report it rather than hang.
    process.send({
      id: request.id,
      reply: {
        ok: false,
        code: 'FLOW_LOAD_ERROR',
        message: `the workflow definition cannot be serialised: ${err instanceof Error ? err.message : String(err)}`,
        hint: 'workflow definitions must be plain data (no functions, symbols or class instances in the IR)',
      },
    });
  }
});
process.send({ ready: true });
