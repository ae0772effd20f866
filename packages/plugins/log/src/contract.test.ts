import { describe, expect, it } from 'vitest';
import log, { plugin } from './index';

describe('log contract', () => {
  it('write is a read with defaults for level and fields', () => {
    expect(log).toBe(plugin);
    expect(log.write({ message: 'hi' })).toMatchObject({ uses: 'log.write@1', effect: 'read' });
    expect(log.actions.write.input.parse({ message: 'hi' })).toEqual({ level: 'info', message: 'hi', fields: {} });
    expect(log.actions.write.input.safeParse({ level: 'trace', message: 'hi' }).success).toBe(false);
  });
});
