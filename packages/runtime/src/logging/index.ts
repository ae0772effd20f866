/**
 * Logging: pino with redaction.
 * @module
 */
export { DEFAULT_REDACT_PATHS, type LoggerOptions, actionLogger, createLogger, redactLogArg, temporalLogger } from './logger';
