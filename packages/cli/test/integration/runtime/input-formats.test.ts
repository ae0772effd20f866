/**
 * The real binaries: a run whose input schema uses string formats (email, uuid, date-time) passes
 * the interpreter's own input check on a `flowops worker`. Its workflow threads preload zod, and
 * the SDK freezes what they preload; zod's format checks write `lastIndex` on its RegExp constants,
 * so without the interpreter's private copies (`ownPatterns`) every such run failed its first task.
 */
import { randomUUID } from 'node:crypto';
import { testTemporalAddress, waitFor } from '@flowops/testing/vitest';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { unique } from '../gitops/helpers';
import { type FlowRepo, type WorkerProcess, flowRepo, runFlowops, startWorkerProcess } from '../gitops/repo';

const taskQueue = unique('formats-tq');
const env = { FLOWOPS_TEMPORAL_ADDRESS: testTemporalAddress(), FLOWOPS_NAMESPACE: 'default', FLOWOPS_TASK_QUEUE: taskQueue, FLOWOPS_LOG_LEVEL: 'warn' };
const WORKFLOW = [
  'name: formats',
  'owner: "@acme/platform"',
  'input:',
  '  type: object',
  '  properties:',
  '    contact: { type: string, format: email }',
  '    id: { type: string, format: uuid }',
  '    at: { type: string, format: date-time }',
  '  required: [contact, id, at]',
  'defaults:',
  '  timeout: 30s',
  'steps:',
  '  - id: say',
  '    uses: log.write@1',
  '    with:',
  '      message: "{{ input.contact }} {{ input.id }}"',
  '',
].join('\n');

let repo: FlowRepo;
let worker: WorkerProcess | undefined;

beforeAll(() => {
  repo = flowRepo(unique('formats'));
  repo.commit('a workflow with formats', {
    'workflows/formats/package.json': `${JSON.stringify({ name: '@workflows/formats', version: '1.0.0', private: true })}\n`,
    'workflows/formats/workflow.yaml': WORKFLOW,
  });
  worker = startWorkerProcess(repo.dir, { ...process.env, ...env, CI: '' });
});
afterAll(async () => {
  await worker?.stop();
  repo?.[Symbol.dispose]();
});

test('a dry-run whose input has email, uuid and date-time values succeeds on the worker (real binary)', { timeout: 300_000 }, async () => {
  await waitFor('the worker to become current', () => / is current/.test(worker!.stderr()), { timeoutMs: 150_000, context: () => worker!.stderr() });
  const args = ['dry-run', 'formats', 'contact=ada@example.com', `id=${randomUUID()}`, 'at=2026-11-30T10:00:00Z', '--json'];
  const r = await runFlowops(args, { cwd: repo.dir, env });
  expect(r.code, r.stdout + r.stderr).toBe(0);
  expect(JSON.parse(r.stdout)).toMatchObject({ status: 'succeeded' });
});
