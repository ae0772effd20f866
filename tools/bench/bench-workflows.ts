/**
 * Workflow bundle for the interpreter benchmark: the flowops interpreter next to a hand-written
 * native Temporal workflow making the same 20 sequential activity calls.
 * @module
 */
import { proxyActivities } from '@temporalio/workflow';

export { flowopsInterpreter } from '../../packages/runtime/src/workflows/interpreter';

const { noop } = proxyActivities<{ noop(input: { step: number }): Promise<Record<string, never>> }>({
  startToCloseTimeout: '30s',
  retry: { maximumAttempts: 3, initialInterval: '1s', backoffCoefficient: 2 },
});

/** The native baseline: `steps` sequential calls of the same no-op activity. */
export async function nativeSequence(steps: number): Promise<{ status: 'succeeded' }> {
  for (let i = 0; i < steps; i++) await noop({ step: i });
  return { status: 'succeeded' };
}
