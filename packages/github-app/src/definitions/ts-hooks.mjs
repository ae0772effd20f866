// Module hooks for the compile sandbox: TypeScript without tsx. tsx transforms with esbuild, whose
// service is a child process, and Node's permission model lets a process that may spawn children
// escape its file-system limits (a child is not restricted). So inside the sandbox TypeScript is
// transpiled in process with `typescript`'s transpileModule (types erased, no checking), and
// extensionless / `.js` relative imports resolve to `.ts` files as tsx and `moduleResolution:
// Bundler` allow. Plain ESM JavaScript: it runs before any TypeScript can be loaded.
import { createHash } from 'node:crypto';
import { readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';

let mapped = '';
let cache;

/**
 * `data.sourceMapsUnder`: the checkout. Only its files get source maps (positions of load errors).
 * `data.cache`: `{ dir, write }`, transpiled files from outside the checkout (the App's own
 * packages), keyed by path and content. Only a trusted run (an empty checkout) may write it;
 * runs with pull-request code only read it, so they cannot poison what later runs load.
 */
export function initialize(data) {
  mapped = data?.sourceMapsUnder ?? '';
  cache = data?.cache;
}

const TS_FILE = /\.(?:[mc]?ts|tsx)$/;
const RETRY = new Set(['ERR_MODULE_NOT_FOUND', 'ERR_UNSUPPORTED_DIR_IMPORT']);

function candidates(specifier) {
  const js = /\.([mc]?)js$/.exec(specifier);
  if (js) return [specifier.replace(/\.[mc]?js$/, `.${js[1]}ts`), specifier.replace(/\.js$/, '.tsx')];
  return ['.ts', '.tsx', '.mts', '/index.ts', '/index.tsx', '.js', '.mjs', '/index.js'].map((e) => specifier + e);
}

export async function resolve(specifier, context, next) {
  try {
    return await next(specifier, context);
  } catch (err) {
    const relative = specifier.startsWith('./') || specifier.startsWith('../') || specifier.startsWith('/') || specifier.startsWith('file:');
    if (!relative || !RETRY.has(err?.code)) throw err;
    for (const candidate of candidates(specifier)) {
      try {
        return await next(candidate, context);
      } catch {
        // try the next spelling
      }
    }
    throw err;
  }
}

const packageTypes = new Map();

/** `module` or `commonjs`, from the nearest package.json, as Node decides for `.js`. */
function packageType(dir) {
  if (packageTypes.has(dir)) return packageTypes.get(dir);
  let type = 'commonjs';
  try {
    type = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')).type === 'module' ? 'module' : 'commonjs';
  } catch {
    const parent = dirname(dir);
    type = parent === dir ? 'commonjs' : packageType(parent);
  }
  packageTypes.set(dir, type);
  return type;
}

export async function load(url, context, next) {
  if (!url.startsWith('file:')) return next(url, context);
  const file = fileURLToPath(url);
  if (!TS_FILE.test(file)) return next(url, context);
  const maps = file.startsWith(mapped);
  const format = file.endsWith('.mts') ? 'module' : file.endsWith('.cts') ? 'commonjs' : packageType(dirname(file));
  const text = readFileSync(file, 'utf8');
  const key = cache && !maps ? join(cache.dir, `${createHash('sha256').update(`${format}\0${file}\0${text}`).digest('hex')}.js`) : undefined;
  if (key) {
    try {
      return { format, source: readFileSync(key, 'utf8'), shortCircuit: true };
    } catch {
      // not cached yet
    }
  }
  const out = ts.transpileModule(text, {
    fileName: file,
    reportDiagnostics: false,
    compilerOptions: {
      module: format === 'module' ? ts.ModuleKind.ESNext : ts.ModuleKind.CommonJS,
      target: ts.ScriptTarget.ES2022,
      jsx: ts.JsxEmit.ReactJSX,
      esModuleInterop: true,
      useDefineForClassFields: true,
      inlineSourceMap: maps,
      inlineSources: maps,
    },
  });
  if (key && cache.write) {
    writeFileSync(`${key}.tmp`, out.outputText);
    renameSync(`${key}.tmp`, key);
  }
  return { format, source: out.outputText, shortCircuit: true };
}
