/**
 * Issue 9, finding 4: a worker that stops polling (stopped, failed, stuck draining) makes health
 * unhealthy and is replaced in process with backoff; when it cannot be, health stays unhealthy.
 */
import { waitFor } from '@flowops/testing/vitest';
import { describe, expect, it } from 'vitest';
import { type KeptWorker, backoffMs, keepWorker } from './worker-keeper';

/** A stand-in for a Temporal worker: `stop()` ends run(), `drain()` leaves it draining forever. */
class FakeWorker implements KeptWorker {
  state = 'RUNNING';
  private end!: () => void;
  private readonly ended = new Promise<void>((r) => (this.end = r));
  run = () => this.ended;
  getState = () => this.state;
  shutdown = () => this.stop();
  stop() {
    this.state = 'STOPPED';
    this.end();
  }
  drain() {
    this.state = 'DRAINING';
  }
}

const fast = { minBackoffMs: 20, maxBackoffMs: 100, checkEveryMs: 10 };

describe('worker keeper', () => {
  it('a worker that stopped is unhealthy, then replaced; health is ok again', async () => {
    const made: FakeWorker[] = [];
    let hold: (() => void) | undefined;
    const keeper = await keepWorker({
      ...fast,
      create: async () => {
        if (made.length === 1) await new Promise<void>((r) => (hold = r)); // the restart waits until we look
        const w = new FakeWorker();
        made.push(w);
        return w;
      },
    });
    expect(keeper.health()).toMatchObject({ ok: true, worker: 'RUNNING' });
    made[0]!.stop();
    await waitFor('the restart to begin', () => hold);
    expect(keeper.health()).toMatchObject({ ok: false, reason: expect.stringContaining('not polling') });
    hold!();
    await waitFor('a second worker', () => made.length === 2 && keeper.health().ok);
    expect(keeper.restarts).toBe(1);
    expect(keeper.current).toBe(made[1]);
    await keeper.stop();
    expect(made[1]!.state).toBe('STOPPED');
  });

  it('a worker stuck draining (it never ends) is replaced after stuckMs', async () => {
    const made: FakeWorker[] = [];
    const keeper = await keepWorker({ ...fast, stuckMs: 100, create: async () => made[made.push(new FakeWorker()) - 1]! });
    made[0]!.drain();
    await waitFor('unhealthy while draining', () => keeper.health().worker === 'DRAINING');
    expect(keeper.health().ok).toBe(false);
    await waitFor('a replacement', () => made.length === 2 && keeper.health().ok);
    await keeper.stop();
  });

  it('gives up after maxAttempts failed restarts: health stays unhealthy', async () => {
    let calls = 0;
    const first = new FakeWorker();
    const keeper = await keepWorker({
      ...fast,
      maxAttempts: 3,
      create: async () => {
        if (calls++ === 0) return first;
        throw new Error('Temporal refused the worker');
      },
    });
    first.stop();
    await waitFor('the keeper to give up', () => /gave up after 3/.test(String(keeper.health().reason)));
    expect(calls).toBe(4);
    await new Promise((r) => setTimeout(r, 200));
    expect(keeper.health()).toMatchObject({ ok: false, worker: 'FAILED' });
    await keeper.stop();
  });

  it('the first worker that cannot be created fails the start', async () => {
    await expect(keepWorker({ create: async () => Promise.reject(new Error('no namespace')) })).rejects.toThrow('no namespace');
  });

  it('backoff doubles from min up to max', () => {
    expect([1, 2, 3, 4, 10].map((n) => backoffMs(n, 500, 3000))).toEqual([500, 1000, 2000, 3000, 3000]);
  });
});
