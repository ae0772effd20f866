/**
 * Payload encryption (AES-256-GCM with key ids and rotation) and the codec server.
 * @module
 */
export { AesGcmPayloadCodec, ENCRYPTED_ENCODING, METADATA_KEY_ID, decryptBytes, encryptBytes } from './aes-gcm-codec';
export { type CodecServer, type CodecServerOptions, startCodecServer, tokenMatches } from './codec-server';
export { DEV_UI_PORT, LOOPBACK_HOSTNAMES, devUiUrl, hostAllowed, parseHostHeader, uiOrigins } from './host-check';
export {
  ENCRYPTED_FAILURES_PATH,
  codecForEnvironment,
  codecFromEnv,
  codecFromKeys,
  dataConverterForEnvironment,
  dataConverterFromEnv,
  dataConverterFromKeys,
} from './from-env';
export { CODEC_KEYS_ENV, type CodecKey, type CodecKeyring, KEY_HINT, parseCodecKeys } from './keys';
export { JsonPayload, JsonPayloads, payloadFromJson, payloadToJson } from './payload-json';
