import type { ResolvedEnvironment } from '@flowops/sdk';
import { afterEach, describe, expect, test } from 'vitest';
import { systemTaskQueueOf } from './session';

const env = (taskQueue: string, deploymentName?: string): ResolvedEnvironment => ({
  name: 'staging',
  address: '127.0.0.1:7233',
  namespace: 'default',
  taskQueue,
  apiKey: undefined,
  tls: false,
  codecKeys: undefined,
  uiUrl: undefined,
  runners: [],
  protected: false,
  ...(deploymentName ? { deploymentName } : {}),
});

const saved = process.env.FLOWOPS_SYSTEM_TASK_QUEUE;
afterEach(() => {
  if (saved === undefined) delete process.env.FLOWOPS_SYSTEM_TASK_QUEUE;
  else process.env.FLOWOPS_SYSTEM_TASK_QUEUE = saved;
});

describe('systemTaskQueueOf', () => {
  test("one system queue per worker deployment: the environment's deployment name (default flowops-<taskQueue>)", () => {
    delete process.env.FLOWOPS_SYSTEM_TASK_QUEUE;
    expect(systemTaskQueueOf(env('flowops'))).toBe('flowops-system.flowops-flowops');
    expect(systemTaskQueueOf(env('orders'))).toBe('flowops-system.flowops-orders');
    expect(systemTaskQueueOf(env('flowops', 'payments'))).toBe('flowops-system.payments');
  });

  test('FLOWOPS_SYSTEM_TASK_QUEUE overrides it', () => {
    process.env.FLOWOPS_SYSTEM_TASK_QUEUE = 'it-system-1';
    expect(systemTaskQueueOf(env('flowops', 'payments'))).toBe('it-system-1');
  });
});
