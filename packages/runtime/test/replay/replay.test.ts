/**
 * The replay gate (`npm run test:replay`): every committed history of the interpreter replays on
 * the current interpreter bundle without a determinism error. A failure names the history and
 * the first mismatching command. Do not re-record histories to make this pass: ship the change as
 * a new worker version (runs stay pinned) or guard it with `patched()`.
 * Needs no server: Worker.runReplayHistories replays in-process.
 */
import { bundleWorkflowCode } from '@temporalio/worker';
import { describe, expect, test } from 'vitest';
import { replayHistories } from '../../src/versioning';
import { interpreterBundle } from '../../src/worker';
import { LEAN_STEPS_PATCH } from '../../src/workflows/interpreter';
import { INCOMPATIBLE_INTERPRETER, corpusHistories } from './corpus';

/** Patch ids recorded in a history (the SDK's `core_patch` markers). */
type MarkerEvent = { markerRecordedEventAttributes?: { markerName?: string; details?: Record<string, { payloads?: { data?: Uint8Array }[] }> } };
function patchesOf(history: unknown): string[] {
  return ((history as { events?: MarkerEvent[] }).events ?? []).flatMap((e) => {
    const marker = e.markerRecordedEventAttributes;
    const data = marker?.markerName === 'core_patch' ? marker.details?.['patch-data']?.payloads?.[0]?.data : undefined;
    return data ? [(JSON.parse(Buffer.from(data).toString('utf8')) as { id: string }).id] : [];
  });
}

const quiet = { log() {}, trace() {}, debug() {}, info() {}, warn() {}, error() {} };
const KINDS = [
  'action',
  'retry-succeeds',
  'retry-exhausted',
  'timeout',
  'on-error-continue',
  'compensation',
  'parallel',
  'for-each-max-parallel',
  'when-else',
  'approval-approved',
  'approval-rejected',
  'approval-timed-out',
  'sleep',
  'call',
  'cache-hit',
  'continue-as-new',
  'dry-run',
];

describe('replay gate', () => {
  test('the corpus covers every step kind and outcome', () => {
    const names = corpusHistories().map((h) => h.name);
    expect(names).toEqual(expect.arrayContaining(KINDS));
  });

  test('both step runners are covered: lean-* histories carry the lean patch marker, the others predate it', () => {
    const names = corpusHistories().map((h) => h.name);
    expect(names).toEqual(expect.arrayContaining(KINDS.map((k) => `lean-${k}`)));
    for (const { name, history } of corpusHistories()) {
      expect(patchesOf(history), name).toEqual(name.startsWith('lean-') ? [LEAN_STEPS_PATCH] : []);
    }
  });

  test('every committed history replays on the current interpreter', async () => {
    const outcomes = await replayHistories(corpusHistories(), { workflowBundle: await interpreterBundle() });
    const failures = outcomes.filter((o) => !o.ok).map((o) => `${o.name}: ${o.message}`);
    expect(failures, `histories that no longer replay (first mismatching command):\n${failures.join('\n')}`).toEqual([]);
    expect(outcomes.length).toBe(corpusHistories().length);
  }, 180_000);

  test('the gate fails on an interpreter with one extra command, naming the history and the command', async () => {
    const workflowBundle = await bundleWorkflowCode({ workflowsPath: INCOMPATIBLE_INTERPRETER, logger: quiet });
    const outcomes = await replayHistories(corpusHistories(), { workflowBundle });
    const action = outcomes.find((o) => o.name === 'action');
    expect(action).toMatchObject({ ok: false, failure: 'nondeterminism' });
    expect(action?.message).toMatch(/timer|StartTimer/i);
    expect(outcomes.filter((o) => o.ok).map((o) => o.name)).toEqual([]);
  }, 180_000);
});
