import { describe, expect, test } from 'vitest';
import { deploymentNameFor, versionString, workerBuildId } from './build-id';
import { describeInFlight } from './in-flight';
import { firstMismatch, parseSince } from './replay';

describe('build ids and deployment names', () => {
  test('the same bundles give the same build id; any change a new one', () => {
    const a = workerBuildId(['interpreter code', 'system code'], '1.2.3');
    expect(a).toMatch(/^1\.2\.3-[0-9a-f]{12}$/);
    expect(workerBuildId(['interpreter code', 'system code'], '1.2.3')).toBe(a);
    expect(workerBuildId(['interpreter code!', 'system code'], '1.2.3')).not.toBe(a);
    expect(workerBuildId(['interpreter cod', 'esystem code'], '1.2.3')).not.toBe(a); // boundaries count
    expect(workerBuildId(['interpreter code', 'system code'], '1.2.4')).not.toBe(a);
  });

  test('deployment names default to flowops-<taskQueue> without separators', () => {
    expect(deploymentNameFor('flowops')).toBe('flowops-flowops');
    expect(deploymentNameFor('team.a:queue')).toBe('flowops-team-a-queue');
    expect(deploymentNameFor('flowops', 'payments-workers')).toBe('payments-workers');
    expect(versionString('d', 'b')).toBe('d:b');
  });
});

describe('replay helpers', () => {
  test('--since durations', () => {
    expect(parseSince('7d')).toBe(7 * 86_400_000);
    expect(parseSince('30m')).toBe(1_800_000);
    expect(parseSince('seven days')).toBeUndefined();
  });

  test('the first mismatching command is pulled out of the SDK error', () => {
    const message =
      'Replay failed with a nondeterminism error. Details: Failure { failure: Some(Failure { message: "[TMPRL1100] Nondeterminism error: Timer machine does not handle this event: HistoryEvent(id: 5, ActivityTaskScheduled)", source: "" }) }';
    expect(firstMismatch(message)).toBe('Nondeterminism error: Timer machine does not handle this event: HistoryEvent(id: 5, ActivityTaskScheduled)');
  });

  test('in-flight lines name the count, definition version, worker build and oldest start', () => {
    const lines = describeInFlight({
      total: 3,
      truncated: false,
      oldestStart: '2026-01-01T00:00:00.000Z',
      groups: [
        { definitionVersion: '1.0.0', workerBuild: '0.1.0-abc', count: 2, oldestStart: '2026-01-01T00:00:00.000Z' },
        { definitionVersion: '1.1.0', workerBuild: 'unversioned', count: 1, oldestStart: '2026-01-02T00:00:00.000Z' },
      ],
    });
    expect(lines[0]).toContain('3 run(s) in flight, oldest started 2026-01-01T00:00:00.000Z');
    expect(lines[0]).toContain('worker version');
    expect(lines.slice(1)).toEqual([
      '  2 on 1.0.0 / worker 0.1.0-abc since 2026-01-01T00:00:00.000Z',
      '  1 on 1.1.0 / worker unversioned since 2026-01-02T00:00:00.000Z',
    ]);
    expect(describeInFlight({ total: 0, truncated: false, oldestStart: undefined, groups: [] })).toEqual([]);
  });
});
