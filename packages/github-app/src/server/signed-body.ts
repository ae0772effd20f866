/**
 * Reading a webhook body under a hostile sender: the signature header is checked for form
 * before a byte is read, a declared `Content-Length` over the cap is refused before a byte is
 * read, and the HMAC is computed as the body streams — the first byte over the cap stops the
 * read. Never more than the cap is held in memory.
 * @module
 */
import type { IncomingMessage } from 'node:http';
import { streamingSignature, wellFormedSignature } from '../webhooks/signature';

export type SignedBody = { kind: 'ok'; body: Buffer } | { kind: 'too-large' } | { kind: 'bad-signature' } | { kind: 'aborted' };

/** Reads `req` up to `maxBytes`, checking `X-Hub-Signature-256` against `secret` on the way. */
export function readSignedBody(req: IncomingMessage, o: { secret: string; maxBytes: number }): Promise<SignedBody> {
  const header = req.headers['x-hub-signature-256'];
  if (!wellFormedSignature(header)) return Promise.resolve({ kind: 'bad-signature' });
  const declared = Number(req.headers['content-length'] ?? 0);
  if (declared > o.maxBytes) return Promise.resolve({ kind: 'too-large' });
  const signature = streamingSignature(o.secret, header);
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const finish = (result: SignedBody) => {
      req.off('data', onData).off('end', onEnd).off('error', onError).off('aborted', onError);
      resolve(result);
    };
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size > o.maxBytes) {
        req.pause(); // not one byte more is read (the caller answers and closes the connection)
        chunks.length = 0;
        return finish({ kind: 'too-large' });
      }
      signature.update(chunk);
      chunks.push(chunk);
    };
    const onEnd = () => finish(signature.matches() ? { kind: 'ok', body: Buffer.concat(chunks, size) } : { kind: 'bad-signature' });
    const onError = () => finish({ kind: 'aborted' });
    req.on('data', onData).on('end', onEnd).on('error', onError).on('aborted', onError);
  });
}
