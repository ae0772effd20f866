import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import { loadConfig } from './config';

// inside the monorepo, so '@flowops/sdk' resolves
const dir = resolve(import.meta.dirname, '../../../node_modules/.cache/flowops-test/config-syntax');
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('a syntax error in flowops.config.ts', () => {
  test('is reported with the detail at its real line, not "Transform failed" at 1:1', async () => {
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, 'package.json'), '{ "type": "module" }\n');
    writeFileSync(
      join(dir, 'flowops.config.ts'),
      "import { defineConfig } from '@flowops/sdk';\n\nexport default defineConfig({ environments: { local: {} } ));\n",
    );
    const error = await loadConfig(dir).then(
      () => undefined,
      (e: Error) => e,
    );
    expect(error?.message).toMatch(/flowops\.config\.ts could not be loaded: flowops\.config\.ts:3:\d+: Expected "}" but found "\)".*\[FLOW_CONFIG_INVALID\]/);
    expect(error?.message).not.toContain('Transform failed');
  });
});
