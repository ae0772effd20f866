/**
 * Which `@flowops/*` packages have sources to emit declarations from: those linked from a
 * workspace (their `@flowops/source` entry exists), not those installed from npm, whose
 * package.json still names the condition but ships only dist/ (no src/).
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, expect, test } from 'vitest';
import { declarationTarget } from './dts';

const root = mkdtempSync(path.join(tmpdir(), 'flowops-dts-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

function install(name: string, withSource: boolean): void {
  const dir = path.join(root, 'node_modules', '@flowops', name);
  mkdirSync(path.join(dir, 'dist'), { recursive: true });
  const exports = { '.': { '@flowops/source': './src/index.ts', types: './dist/index.d.ts', default: './dist/index.js' } };
  writeFileSync(path.join(dir, 'package.json'), JSON.stringify({ name: `@flowops/${name}`, version: '1.0.0', type: 'module', exports }));
  writeFileSync(path.join(dir, 'dist', 'index.d.ts'), 'export declare const x: number;\n');
  if (withSource) {
    mkdirSync(path.join(dir, 'src'));
    writeFileSync(path.join(dir, 'src', 'index.ts'), 'export const x = 1;\n');
  }
}

test('packages installed from npm (no src/) have no declarations to emit; a linked one with src/ has', () => {
  install('sdk', false);
  install('plugin-http', false);
  expect(declarationTarget(root)).toBeUndefined();
  install('plugin-log', true);
  expect(declarationTarget(root)?.pkgs.map((p) => p.name)).toEqual(['@flowops/plugin-log']);
});
