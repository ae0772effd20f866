/**
 * Vitest global setup for the `integration` project: starts one headless Temporal dev server
 * (namespaces default, staging, production; flowops search attributes; SQLite in a temp dir),
 * provides its address as `inject('temporalAddress')` and `FLOWOPS_TEST_TEMPORAL_ADDRESS`,
 * and stops it afterwards. With `FLOWOPS_TEST_TEMPORAL_ADDRESS` already set, that server is
 * reused (and must already have those namespaces).
 * @module
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestProject } from 'vitest/node';
import { connectOrExplain } from '@flowops/runtime';
import { startDevServer } from './dev-server';
import { TEST_NAMESPACES } from './vitest';

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const existing = process.env.FLOWOPS_TEST_TEMPORAL_ADDRESS;
  if (existing) {
    const connection = await connectOrExplain(existing, { namespace: 'default' });
    await connection.close();
    project.provide('temporalAddress', existing);
    return async () => {};
  }
  const dir = await mkdtemp(join(tmpdir(), 'flowops-it-'));
  const started = Date.now();
  const server = await startDevServer({
    dbFile: join(dir, 'temporal.db'),
    namespaces: TEST_NAMESPACES.filter((ns) => ns !== 'default'),
    ui: false,
  });
  process.stderr.write(`[flowops] Temporal dev server at ${server.address} (${server.source}, ready in ${Date.now() - started} ms)\n`);
  project.provide('temporalAddress', server.address);
  process.env.FLOWOPS_TEST_TEMPORAL_ADDRESS = server.address;
  return async () => {
    delete process.env.FLOWOPS_TEST_TEMPORAL_ADDRESS;
    await server.stop();
    await rm(dir, { recursive: true, force: true });
  };
}
