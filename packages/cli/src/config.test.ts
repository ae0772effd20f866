import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { loadConfig, loadEnvironment } from './config';

const cacheDir = resolve(import.meta.dirname, '../../../node_modules/.cache/flowops-test');
const made: string[] = [];
function repo(files: Record<string, string>): string {
  mkdirSync(cacheDir, { recursive: true });
  const dir = mkdtempSync(join(cacheDir, 'config-'));
  made.push(dir);
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
  return dir;
}
afterEach(() => {
  for (const dir of made.splice(0)) rmSync(dir, { recursive: true, force: true });
});

const CONFIG = `import { defineConfig, fromEnv } from '@flowops/sdk';
export default defineConfig({ environments: { local: {}, staging: { address: fromEnv('X_STAGING_ADDR'), namespace: 'staging' } } });
`;

describe('loadConfig', () => {
  it('loads flowops.config.ts in an ESM package', async () => {
    const dir = repo({ 'package.json': '{ "type": "module" }', 'flowops.config.ts': CONFIG });
    expect(Object.keys((await loadConfig(dir)).environments)).toEqual(['local', 'staging']);
  });

  it('loads flowops.config.ts where the nearest package.json is CommonJS', async () => {
    const dir = repo({ 'package.json': '{ "name": "cjs-repo" }', 'flowops.config.ts': CONFIG });
    expect(Object.keys((await loadConfig(dir)).environments)).toEqual(['local', 'staging']);
  });

  it('falls back to the built-in local environment without a config file', async () => {
    const dir = repo({ 'package.json': '{ "type": "module" }' });
    expect(Object.keys((await loadConfig(dir)).environments)).toEqual(['local']);
  });

  it('turns a config that throws into FLOW_CONFIG_INVALID without a stack', async () => {
    const dir = repo({ 'package.json': '{ "type": "module" }', 'flowops.config.ts': 'throw new Error("boom");\nexport default {};\n' });
    await expect(loadConfig(dir)).rejects.toMatchObject({ code: 'FLOW_CONFIG_INVALID', message: expect.stringContaining('boom') });
  });

  it('names the missing variables of an environment', async () => {
    const dir = repo({ 'package.json': '{ "type": "module" }', 'flowops.config.ts': CONFIG });
    await expect(loadEnvironment('staging', dir)).rejects.toMatchObject({ code: 'FLOW_ENV_VAR_MISSING', message: expect.stringContaining('$X_STAGING_ADDR') });
  });
});
