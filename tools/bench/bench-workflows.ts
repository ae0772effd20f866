/**
 * Workflow bundle of the interpreter benchmark's baseline: a hand-written native Temporal workflow
 * making the same 20 sequential activity calls as the interpreted one. Its own bundle (the
 * interpreter runs from the real interpreter bundle), so it loads only what a hand-written
 * workflow loads.
 * @module
 */
import { proxyActivities } from '@temporalio/workflow';

const { noop } = proxyActivities<{ noop(input: { step: number }): Promise<Record<string, never>> }>({
  startToCloseTimeout: '30s',
  retry: { maximumAttempts: 3, initialInterval: '1s', backoffCoefficient: 2 },
});

/** The native baseline: `steps` sequential calls of the same no-op activity. */
export async function nativeSequence(steps: number): Promise<{ status: 'succeeded' }> {
  for (let i = 0; i < steps; i++) await noop({ step: i });
  return { status: 'succeeded' };
}
