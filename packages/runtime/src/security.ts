/**
 * Security building blocks of the flowops worker: payload encryption (AES-256-GCM codec and
 * codec server), secrets, redaction, logging and metrics.
 * @module
 */
export {
  AesGcmPayloadCodec,
  startCodecServer,
  uiOrigins,
  devUiUrl,
  DEV_UI_PORT,
  ENCRYPTED_FAILURES_PATH,
  codecForEnvironment,
  dataConverterForEnvironment,
  dataConverterFromEnv,
  dataConverterFromKeys,
  CODEC_KEYS_ENV,
  parseCodecKeys,
  payloadToJson,
} from './codec/index';
export { EnvSecretProvider, StaticSecretProvider, SecretResolver } from './secrets/index';
export { createRedactor, REDACTED } from './redaction/index';
export { actionLogger, createLogger, temporalLogger } from './logging/index';
export { createMetrics, startMetricsServer } from './metrics/index';
export { temporalConnectionOptions } from './client/connection-options';
