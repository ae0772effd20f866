/**
 * Security building blocks of the flowops worker: payload encryption (AES-256-GCM codec and
 * codec server), secrets, redaction, logging and metrics.
 * @module
 */
export * from './codec/index';
export * from './secrets/index';
export * from './redaction/index';
export * from './logging/index';
export * from './metrics/index';
export { type EnvironmentSecurity, type SecureConnectionOptions, temporalConnectionOptions } from './client/connection-options';
