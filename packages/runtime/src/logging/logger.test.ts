import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { createRedactor } from '../redaction/redactor';
import { actionLogger, createLogger } from './logger';

function sink() {
  const lines: Record<string, unknown>[] = [];
  const stream = new Writable({
    write(chunk, _enc, done) {
      for (const l of String(chunk).split('\n').filter(Boolean)) lines.push(JSON.parse(l));
      done();
    },
  });
  return { lines, stream };
}

describe('createLogger', () => {
  it('redacts secret values in messages, fields and errors, and sensitive keys', () => {
    const { lines, stream } = sink();
    const secrets: string[] = [];
    const log = createLogger({ destination: stream, level: 'debug', redactor: () => createRedactor(secrets) });
    secrets.push('sk-live-998877');
    log.info({ url: 'https://x/?key=sk-live-998877', headers: { authorization: 'Bearer z' } }, 'calling with sk-live-998877');
    log.error({ err: new Error('denied for sk-live-998877') }, 'failed');
    actionLogger(log)('warn', 'action says sk-live-998877', { password: 'p' });
    const text = JSON.stringify(lines);
    expect(text).not.toContain('sk-live-998877');
    expect(text).not.toContain('Bearer z');
    expect(lines[0]).toMatchObject({ msg: 'calling with [REDACTED]', url: 'https://x/?key=[REDACTED]', headers: { authorization: '[REDACTED]' } });
    expect(lines[1]).toMatchObject({ msg: 'failed', err: { message: 'denied for [REDACTED]' } });
    expect(lines[2]).toMatchObject({ level: 40, msg: 'action says [REDACTED]', password: '[REDACTED]' });
  });
});
