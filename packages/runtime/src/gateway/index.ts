/**
 * The webhook gateway: `POST /hooks/<workflow>` with a key starts a run; status URLs; per-key rate limits.
 * @module
 */
export { type RunningGateway, createGatewayHandler, startGateway } from './gateway-server';
export { type GatewayDefinition, type ResolveDefinition, cachedDefinitions } from './definitions';
export { type GatewayLog, type GatewayOptions, presentedKey } from './types';
export { DEFAULT_RATE_LIMIT, type RateLimit, TokenBuckets } from './rate-limit';
export { idempotentRunId } from './start-hook';
