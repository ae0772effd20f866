/**
 * A worker started from the prebuilt bundle (`npm run build:bundle`, here into a temp dir through
 * the real script) loads it from its file — no webpack in this process — and runs a workflow on
 * the dev server.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { SecretResolver, StaticSecretProvider } from '../../../src/secrets';
import { createFlowopsWorker, interpreterBundleFile, webpackRunCount } from '../../../src/worker';
import { type TestEnv, args, connect, ir, run, specs } from '../helpers';

const SCRIPT = fileURLToPath(new URL('../../../scripts/build-bundle.ts', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'flowops-prebuilt-'));
const lookup = { prebuiltDir: join(dir, 'dist'), cacheDir: join(dir, 'cache') };
let env: TestEnv;

beforeAll(async () => {
  const built = spawnSync(process.execPath, ['--import', 'tsx', SCRIPT, '--out', lookup.prebuiltDir], { encoding: 'utf8', timeout: 240_000 });
  expect(built.status, built.stderr).toBe(0);
  expect(built.stdout).toMatch(/built 4 workflow bundles/);
  env = await connect();
}, 300_000);
afterAll(async () => {
  await env?.close();
  rmSync(dir, { recursive: true, force: true });
});

test('a worker started from the prebuilt bundle runs a workflow without running webpack', async () => {
  const runs = webpackRunCount();
  const taskQueue = `it-prebuilt-${Date.now()}`;
  const { worker } = await createFlowopsWorker({
    connection: env.native,
    taskQueue,
    actions: specs({ 'test.echo@1': (input) => ({ echoed: input }) }),
    secrets: new SecretResolver({ providers: { env: new StaticSecretProvider({}) } }),
    bundles: lookup,
  });
  const file = await interpreterBundleFile(undefined, lookup);
  expect(file.source).toBe('prebuilt');
  expect(file.codePath).toBe(join(lookup.prebuiltDir, 'workflow-bundle-interpreter.js'));
  expect(worker.options.workflowBundle).toEqual({ codePath: file.codePath }); // the worker loads that file
  expect(webpackRunCount()).toBe(runs);
  expect(readdirSync(dir)).not.toContain('cache'); // nothing was built, so nothing cached
  const result = await worker.runUntil(
    run(
      env,
      taskQueue,
      args(
        ir([{ id: 'a', type: 'action', uses: 'test.echo@1', effect: 'read', with: { v: '{{ input.x }}' } }], {
          output: { got: '{{ steps.a.output.echoed.v }}' },
        }),
        { x: 7 },
      ),
    ),
  );
  expect(result).toMatchObject({ status: 'succeeded', output: { got: 7 } });
});
