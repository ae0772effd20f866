// `node --import` entry of the compile sandbox: registers the TypeScript hooks (ts-hooks.mjs),
// with source maps for the files of the checkout (the working directory) only, and the transpile
// cache the parent passes in FLOWOPS_SANDBOX_CACHE (`<dir>` to read, `w:<dir>` to fill).
import { realpathSync } from 'node:fs';
import { register } from 'node:module';
import { sep } from 'node:path';

const spec = process.env.FLOWOPS_SANDBOX_CACHE;
delete process.env.FLOWOPS_SANDBOX_CACHE;
const cache = spec ? { dir: spec.replace(/^w:/, ''), write: spec.startsWith('w:') } : undefined;
register('./ts-hooks.mjs', { parentURL: import.meta.url, data: { sourceMapsUnder: realpathSync(process.cwd()) + sep, cache } });
