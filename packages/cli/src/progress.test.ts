import { afterEach, describe, expect, test, vi } from 'vitest';
import { startProgress } from './progress';

function stream(isTTY: boolean) {
  const chunks: string[] = [];
  return { isTTY, chunks, write: (c: string) => chunks.push(c) };
}

afterEach(() => {
  vi.useRealTimers();
});

describe('progress on stderr', () => {
  test('not a TTY: one plain line per stage, a repeated stage once, nothing on stop', () => {
    const s = stream(false);
    const p = startProgress({ stream: s });
    p.update('checking workflows');
    p.update('checking workflows');
    p.update('comparing with staging');
    p.stop();
    expect(s.chunks.join('')).toBe('checking workflows…\ncomparing with staging…\n');
  });

  test('a TTY: a spinner rewriting one line, with the elapsed seconds, cleared on stop', () => {
    vi.useFakeTimers();
    const s = stream(true);
    const p = startProgress({ stream: s, intervalMs: 100 });
    p.update('waiting for run-1 to end');
    expect(s.chunks).toEqual(['\r\x1b[K⠋ waiting for run-1 to end']);
    vi.advanceTimersByTime(1000);
    expect(s.chunks).toHaveLength(11);
    expect(s.chunks.at(-1)).toMatch(/^\r\x1b\[K. waiting for run-1 to end \(1 s\)$/);
    expect(new Set(s.chunks.map((c) => c.slice(4, 5))).size).toBeGreaterThan(1); // the frame moves
    expect(s.chunks.join('')).not.toContain('\n');
    p.stop();
    expect(s.chunks.at(-1)).toBe('\r\x1b[K');
    const count = s.chunks.length;
    vi.advanceTimersByTime(1000);
    expect(s.chunks).toHaveLength(count); // stopped: no more frames
  });

  test('quiet (--format json): nothing at all, TTY or not', () => {
    for (const isTTY of [true, false]) {
      const s = stream(isTTY);
      const p = startProgress({ stream: s, quiet: true });
      p.update('checking workflows');
      p.stop();
      expect(s.chunks).toEqual([]);
    }
  });

  test('stderr by default', () => {
    const spy = vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
    const tty = process.stderr.isTTY;
    try {
      Object.defineProperty(process.stderr, 'isTTY', { value: false, configurable: true });
      startProgress().update('x');
      expect(spy).toHaveBeenCalledWith('x…\n');
    } finally {
      Object.defineProperty(process.stderr, 'isTTY', { value: tty, configurable: true });
      spy.mockRestore();
    }
  });
});
