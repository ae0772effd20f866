/**
 * Redaction of secret values and sensitive keys from activity results, errors and logs.
 * @module
 */
export { type Redactor, type RedactorOptions, createRedactor, secretForms } from './redactor';
export { REDACTED, SENSITIVE_KEYS, SENSITIVE_SUFFIXES, normalizeKey, sensitiveKeyMatcher } from './sensitive-keys';
