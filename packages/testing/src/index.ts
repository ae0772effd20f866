/**
 * @flowops/testing — provisions the Temporal dev server (finds or builds the `temporal` CLI,
 * starts it on free ports with the flowops namespaces and search attributes) for tests and
 * `flowops dev`, and turns an unreachable Temporal into a coded, explained error.
 * @module
 */
export { startDevServer } from './dev-server';
export type { DevServer, DevServerOptions, DevServerLogLevel } from './dev-server-types';
export { connectOrExplain, describeError, type ConnectOrExplainOptions } from '@flowops/runtime';
export {
  ensureTemporalCli,
  findTemporalCli,
  temporalCacheDir,
  whichSync,
  TEMPORAL_CLI_VERSION,
  TEMPORAL_CLI_MODULE,
  type TemporalCli,
  type TemporalCliSource,
  type EnsureTemporalCliOptions,
} from './temporal-cli';
export { FLOWOPS_SEARCH_ATTRIBUTES, searchAttributeArgs, type FlowopsSearchAttribute } from './search-attributes';
export { getFreePort, getFreePorts } from './free-port';
export { testIr, TEST_STEP } from './test-ir';
