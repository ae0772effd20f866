import { createServer } from 'node:net';
import { describe, expect, test } from 'vitest';
import { connectOrExplain } from './connect-or-explain';

/** A port that was free a moment ago (nothing listens on it). */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as { port: number };
  await new Promise<void>((r) => server.close(() => r()));
  return port;
}

describe('connectOrExplain', () => {
  test('a closed port is FLOW_TEMPORAL_UNREACHABLE in under 2 s', async () => {
    const address = `127.0.0.1:${await closedPort()}`;
    const t0 = Date.now();
    await expect(connectOrExplain(address, { timeoutMs: 10_000 })).rejects.toThrow(
      /could not reach Temporal at 127\.0\.0\.1:\d+ \(.*ECONNREFUSED.*\).*\[FLOW_TEMPORAL_UNREACHABLE\]/,
    );
    expect(Date.now() - t0).toBeLessThan(2000);
  });
});
