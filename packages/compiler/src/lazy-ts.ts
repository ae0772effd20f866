/**
 * TypeScript (as bundled by ts-morph), loaded on first use: the main thread only needs it to
 * compute positions for diagnostics, so a clean or fully cached check never pays for it.
 * @module
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import type { ts as TS } from 'ts-morph';

const require = createRequire(import.meta.url);
let loaded: typeof TS | undefined;

export function lazyTs(): typeof TS {
  loaded ??= (require('ts-morph') as { ts: typeof TS }).ts;
  return loaded;
}

/** ts-morph's version (it pins its TypeScript), without loading it. */
export function tsMorphVersion(): string {
  try {
    let dir = path.dirname(require.resolve('ts-morph'));
    for (let i = 0; i < 4; i++) {
      try {
        const pkg = JSON.parse(readFileSync(path.join(dir, 'package.json'), 'utf8')) as { name?: string; version?: string };
        if (pkg.name === 'ts-morph') return pkg.version ?? 'unknown';
      } catch {
        // keep walking up
      }
      dir = path.dirname(dir);
    }
  } catch {
    // not resolvable
  }
  return 'unknown';
}
