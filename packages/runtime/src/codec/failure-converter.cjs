/**
 * Temporal's default failure converter with `encodeCommonAttributes: true`: a failure's message
 * and stack trace travel as a payload (then encrypted by the payload codec) and the plain-text
 * fields read "Encoded failure". Loaded by path (`DataConverter.failureConverterPath`) by workers,
 * clients and workflow bundles alike, so it is plain CommonJS: Node's `require` and webpack both
 * load it without a TypeScript loader. See `ENCRYPTED_FAILURES_PATH` in from-env.ts.
 */
const { DefaultFailureConverter } = require('@temporalio/common');

exports.failureConverter = new DefaultFailureConverter({ encodeCommonAttributes: true });
