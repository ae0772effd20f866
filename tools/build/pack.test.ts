/**
 * What npm would publish: `npm pack --dry-run --json` of every @flowops/* package (one npm call for
 * all of them) lists the built entry files its `exports` name, its README, and no tests, sources or
 * build caches. The vitest global setup has built dist/ before this runs.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { packageDirs } from './finish-dist.mjs';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));

interface Packed {
  name: string;
  files: { path: string }[];
}

/** Every file an `exports` entry (`types`/`default`, or a plain path) points at. */
function exportedFiles(dir: string): string[] {
  const pkg = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as { exports: Record<string, unknown>; bin?: Record<string, string> };
  const out: string[] = Object.values(pkg.bin ?? {}).map((p) => p.replace(/^\.\//, ''));
  for (const target of Object.values(pkg.exports)) {
    if (typeof target === 'string') out.push(target.replace(/^\.\//, ''));
    else for (const [cond, path] of Object.entries(target as Record<string, string>)) if (cond !== '@flowops/source') out.push(path.replace(/^\.\//, ''));
  }
  return out;
}

describe('npm pack of every @flowops/* package', () => {
  const dirs = packageDirs(ROOT).map((d) => relative(ROOT, d));
  const packed = JSON.parse(
    execFileSync('npm', ['pack', '--dry-run', '--json', '--ignore-scripts', ...dirs.flatMap((d) => ['-w', d])], {
      cwd: ROOT,
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'ignore'],
    }),
  ) as Packed[];

  it('packs each package', () => {
    expect(packed.map((p) => p.name).sort()).toEqual(
      dirs.map((d) => (JSON.parse(readFileSync(join(ROOT, d, 'package.json'), 'utf8')) as { name: string }).name).sort(),
    );
  });

  for (const dir of dirs) {
    it(`${dir}: built entries and README, no tests or sources`, () => {
      const name = (JSON.parse(readFileSync(join(ROOT, dir, 'package.json'), 'utf8')) as { name: string }).name;
      const files = packed.find((p) => p.name === name)?.files.map((f) => f.path) ?? [];
      expect(files).toContain('README.md');
      for (const entry of exportedFiles(join(ROOT, dir))) expect(files, `${name} ships ${entry}`).toContain(entry);
      expect(files.filter((f) => /\.test\.|(^|\/)test\/|^src\/|\.tsbuildinfo$|__fixtures__/.test(f))).toEqual([]);
    });
  }
});
