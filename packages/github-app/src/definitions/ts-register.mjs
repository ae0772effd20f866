// `node --import` entry of the compile sandbox: registers the TypeScript hooks (ts-hooks.mjs),
// with source maps for the files of the checkout (the working directory) only.
import { realpathSync } from 'node:fs';
import { register } from 'node:module';
import { sep } from 'node:path';

register('./ts-hooks.mjs', { parentURL: import.meta.url, data: { sourceMapsUnder: realpathSync(process.cwd()) + sep } });
