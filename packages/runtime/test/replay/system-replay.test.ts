/**
 * The replay gate of the system workflows (part of `npm run test:replay`): the registry, keys and
 * capability histories of test/replay/system-histories/ — recorded by the release before
 * per-deployment system queues, plus a registry moving off the shared queue — replay on the
 * current system workflows. They run AUTO_UPGRADE (a new current version replays the history of
 * their current run), so a nondeterministic change to them must be guarded by `patched()`;
 * never re-record a history to make this pass. Needs no server.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { bundleWorkflowCode } from '@temporalio/worker';
import { describe, expect, test } from 'vitest';
import { systemWorkflowBundle } from '../../src/registry';
import { type NamedHistory, historyFromObject, replayHistories } from '../../src/versioning';

const DIR = fileURLToPath(new URL('./system-histories/', import.meta.url));
const INCOMPATIBLE = fileURLToPath(new URL('./fixtures/incompatible-system.ts', import.meta.url));
const quiet = { log() {}, trace() {}, debug() {}, info() {}, warn() {}, error() {} };

function systemHistories(): NamedHistory[] {
  return readdirSync(DIR)
    .filter((f) => f.endsWith('.json'))
    .map((file) => {
      const { workflowId, recordedWith: _, ...history } = JSON.parse(readFileSync(`${DIR}${file}`, 'utf8')) as { workflowId: string; recordedWith?: string };
      return { name: file.replace(/\.json$/, ''), workflowId, history: historyFromObject(history) };
    })
    .sort((a, b) => a.name.localeCompare(b.name));
}

describe('system workflows replay gate', () => {
  test('the corpus covers the registry (with continue-as-new and a move off the shared queue), keys and capabilities', () => {
    expect(systemHistories().map((h) => h.name)).toEqual(['capabilities', 'keys', 'registry', 'registry-moved']);
  });

  test('every committed system history replays on the current system workflows', async () => {
    const outcomes = await replayHistories(systemHistories(), { workflowBundle: { code: await systemWorkflowBundle() } });
    const failures = outcomes.filter((o) => !o.ok).map((o) => `${o.name}: ${o.message}`);
    expect(failures, `system histories that no longer replay:\n${failures.join('\n')}`).toEqual([]);
    expect(outcomes).toHaveLength(4);
  }, 180_000);

  test('the gate fails on a registry with one extra command, naming the history and the command', async () => {
    const workflowBundle = await bundleWorkflowCode({ workflowsPath: INCOMPATIBLE, logger: quiet });
    const outcomes = await replayHistories(systemHistories(), { workflowBundle });
    expect(outcomes.find((o) => o.name === 'registry')).toMatchObject({ ok: false, failure: 'nondeterminism' });
    expect(outcomes.find((o) => o.name === 'registry')?.message).toMatch(/timer|StartTimer/i);
    expect(
      outcomes
        .filter((o) => !o.ok)
        .map((o) => o.name)
        .sort(),
    ).toEqual(['registry', 'registry-moved']);
  }, 180_000);
});
