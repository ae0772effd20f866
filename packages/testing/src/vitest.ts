/**
 * Vitest glue: the `temporalAddress` value that the integration global setup provides, and a
 * helper for tests to read it.
 * @module
 */
import { inject } from 'vitest';

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
