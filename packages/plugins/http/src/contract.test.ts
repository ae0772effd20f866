import { isPluginContract } from '@flowops/sdk';
import { describe, expect, it } from 'vitest';
import http, { plugin } from './index';

describe('http contract', () => {
  it('is the default and named export, with request=write and get=read', () => {
    expect(http).toBe(plugin);
    expect(isPluginContract(http)).toBe(true);
    expect(http.request({ method: 'POST', url: 'https://x' })).toMatchObject({ uses: 'http.request@1', effect: 'write' });
    expect(http.get({ url: 'https://x' })).toMatchObject({ uses: 'http.get@1', effect: 'read' });
  });

  it('validates inputs: get only allows GET/HEAD, defaults headers', () => {
    expect(http.actions.get.input.parse({ url: 'https://x' })).toEqual({ method: 'GET', url: 'https://x', headers: {} });
    expect(http.actions.get.input.safeParse({ url: 'https://x', method: 'POST' }).success).toBe(false);
    expect(http.actions.request.input.safeParse({ method: 'PATCH', url: 'https://x', body: { a: 1 }, expectStatus: [200, 201] }).success).toBe(true);
    expect(http.actions.request.input.safeParse({ method: 'POST', url: 'https://x', expectStatus: 99 }).success).toBe(false);
    expect(http.actions.request.output.parse({ status: 204, headers: {}, body: null })).toEqual({ status: 204, headers: {}, body: null });
  });
});
