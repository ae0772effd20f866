import { describe, expect, it } from 'vitest';
import { DEFAULT_MAX_BODY_BYTES, DEFAULT_MAX_CONNECTIONS, loadAppConfig } from './config';

const base = { FLOWOPS_GITHUB_APP_ID: '1', FLOWOPS_WEBHOOK_SECRET: 's', FLOWOPS_GITHUB_PRIVATE_KEY: 'k' };

describe('app config: limits of the webhook server', () => {
  it('defaults to a 1 MiB body cap and 256 connections', () => {
    const c = loadAppConfig(base);
    expect(c.ok && c.value.maxBodyBytes).toBe(DEFAULT_MAX_BODY_BYTES);
    expect(DEFAULT_MAX_BODY_BYTES).toBe(1024 * 1024);
    expect(c.ok && c.value.maxConnections).toBe(DEFAULT_MAX_CONNECTIONS);
  });

  it('FLOWOPS_WEBHOOK_MAX_BYTES and FLOWOPS_APP_MAX_CONNECTIONS set them; nonsense is a coded error', () => {
    const c = loadAppConfig({ ...base, FLOWOPS_WEBHOOK_MAX_BYTES: '2048', FLOWOPS_APP_MAX_CONNECTIONS: '8' });
    expect(c.ok && [c.value.maxBodyBytes, c.value.maxConnections]).toEqual([2048, 8]);
    const bad = loadAppConfig({ ...base, FLOWOPS_WEBHOOK_MAX_BYTES: 'lots' });
    expect(!bad.ok && bad.issues[0]).toMatchObject({ code: 'FLOW_CONFIG_INVALID', message: expect.stringContaining('"lots"') });
  });
});
