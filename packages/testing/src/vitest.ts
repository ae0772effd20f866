/**
 * Vitest glue: the `temporalAddress` value that the integration global setup provides, and a
 * helper for tests to read it.
 * @module
 */
import { inject } from 'vitest';

export { terminateTaskQueueWorkflows } from './queue-cleanup';
export { leakedEncodings, secretEncodings } from './secret-encodings';

declare module 'vitest' {
  export interface ProvidedContext {
    /** `host:port` of the dev server started by `packages/testing/src/global-setup.ts`. */
    temporalAddress: string;
  }
}

/** Namespaces the integration dev server has. */
export const TEST_NAMESPACES = ['default', 'staging', 'production'] as const;

/**
 * The Temporal address for integration tests: provided by the global setup, or
 * `FLOWOPS_TEST_TEMPORAL_ADDRESS`.
 * @example
 * const connection = await Connection.connect({ address: testTemporalAddress() });
 */
export function testTemporalAddress(): string {
  const address = inject('temporalAddress') || process.env.FLOWOPS_TEST_TEMPORAL_ADDRESS;
  if (!address) {
    throw new Error(
      'no Temporal address for this test — To fix: run it in the `integration` vitest project (its global setup starts a dev server) or set FLOWOPS_TEST_TEMPORAL_ADDRESS [FLOW_TEMPORAL_UNREACHABLE]',
    );
  }
  return address;
}

/**
 * Poll `probe` every 200 ms until it returns something truthy, and return that; after
 * `timeoutMs` throw "timed out waiting for <what>" plus `context()` (e.g. a process's stderr).
 * For effects that happen elsewhere (a webhook's worker, a fake server's state), never for timing.
 */
export async function waitFor<T>(what: string, probe: () => T | undefined | null | false, o: { timeoutMs?: number; context?: () => string } = {}): Promise<T> {
  const end = Date.now() + (o.timeoutMs ?? 90_000);
  while (Date.now() < end) {
    const v = probe();
    if (v) return v;
    await new Promise((r) => setTimeout(r, 200));
  }
  const context = o.context?.();
  throw new Error(`timed out waiting for ${what}${context ? `\n${context}` : ''}`);
}
