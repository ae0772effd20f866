/**
 * The webhook gateway in-process against the dev server: a system worker for the registry and
 * keys, publishing test definitions, and a gateway over real HTTP on 127.0.0.1.
 */
import { randomBytes } from 'node:crypto';
import { type Workflow, hashWorkflow } from '@flowops/core';
import { cachedDefinitions } from '../../src/gateway/definitions';
import { type RunningGateway, startGateway } from '../../src/gateway/gateway-server';
import type { GatewayOptions } from '../../src/gateway/types';
import { WebhookKeys } from '../../src/keys/keys-client';
import { Registry } from '../../src/registry/registry-client';
import { type RunningSystemWorker, startSystemWorker } from '../../src/registry/system-worker';
import type { TestEnv } from './helpers';
import { terminateTaskQueueWorkflows } from '@flowops/testing/vitest';

/** A unique kebab-case workflow name. */
export const uniqueName = (base: string): string => `${base}-${randomBytes(4).toString('hex')}`;

export interface GatewayEnv {
  registry: Registry;
  keys: WebhookKeys;
  system: RunningSystemWorker;
  publish(ir: Workflow): Promise<void>;
  gateway(taskQueue: string, o?: Partial<GatewayOptions>): Promise<RunningGateway>;
  close(): Promise<void>;
}

export async function gatewayEnv(env: TestEnv): Promise<GatewayEnv> {
  const systemTaskQueue = `it-system-${randomBytes(4).toString('hex')}`;
  const system = await startSystemWorker({ connection: env.native, namespace: 'default', taskQueue: systemTaskQueue, ephemeral: true });
  const registry = new Registry(env.client, { systemTaskQueue });
  const keys = new WebhookKeys(env.client, { systemTaskQueue });
  const gateways: RunningGateway[] = [];
  const definitions = cachedDefinitions(registry, async (name) => {
    const ir = await registry.definition(name);
    if (!ir) throw new Error(`no definition of ${name}`);
    return { ir, childIrs: {}, hash: hashWorkflow(ir) };
  });
  return {
    registry,
    keys,
    system,
    async publish(ir) {
      const r = await registry.publish({ version: ir.version, hash: hashWorkflow(ir), ir, meta: { actor: 'test', source: 'cli' } });
      if (!r.ok) throw new Error(r.issues[0]?.message);
    },
    async gateway(taskQueue, o = {}) {
      const g = await startGateway({ client: env.client, taskQueue, keys, definitions, port: 0, rateLimit: { perSecond: 10_000, burst: 10_000 }, ...o });
      gateways.push(g);
      return g;
    },
    async close() {
      for (const g of gateways) await g.close();
      await terminateTaskQueueWorkflows(env.client, systemTaskQueue);
      await system.stop();
    },
  };
}

/** POST a body (string: sent as is) to `/hooks/<workflow>`. */
export async function post(
  url: string,
  workflow: string,
  body: unknown,
  headers: Record<string, string> = {},
): Promise<{ status: number; body: Record<string, any>; headers: Headers }> {
  const res = await fetch(`${url}/hooks/${workflow}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
  const text = await res.text();
  return { status: res.status, body: text ? JSON.parse(text) : {}, headers: res.headers };
}

/** GET a status URL. */
export async function get(url: string, headers: Record<string, string> = {}): Promise<{ status: number; body: Record<string, any> }> {
  const res = await fetch(url, { headers });
  return { status: res.status, body: JSON.parse(await res.text()) };
}

export const bearer = (key: string): Record<string, string> => ({ authorization: `Bearer ${key}` });

/** Poll an async probe every 200 ms until it returns something truthy (bounded). */
export async function poll<T>(what: string, probe: () => Promise<T | undefined | null | false>, timeoutMs = 30_000): Promise<T> {
  const end = Date.now() + timeoutMs;
  while (Date.now() < end) {
    const v = await probe();
    if (v) return v;
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`timed out waiting for ${what}`);
}
