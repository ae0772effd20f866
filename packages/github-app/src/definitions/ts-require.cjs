// `node --require` entry of the compile sandbox: TypeScript loaded through CommonJS, in the main
// thread. Node's ESM loader hooks (`module.register`) run on a worker thread, and a process that
// may start worker threads escapes Node's permission model (a `new Worker(…, { execArgv: [] })`
// is not restricted on Node 20), so the sandbox allows no workers and loads TypeScript here:
// every `.ts`/`.tsx`/`.mts`/`.cts` file is transpiled with `typescript`'s transpileModule to
// CommonJS (types erased, no checking); relative `.js` imports and extensionless ones resolve to
// `.ts` files as tsx and `moduleResolution: Bundler` allow; `import.meta.url`/`dirname`/`filename`
// become their CommonJS equivalents. Plain CommonJS: it runs before any TypeScript is loaded.
//
// FLOWOPS_SANDBOX_CACHE (read and removed here): `<dir>` to read, `w:<dir>` to fill a transpile
// cache of the App's own packages (files outside the working directory), keyed by path and
// content. Only a trusted run (an empty checkout) may fill it; runs with pull-request code read it.
'use strict';
const Module = require('node:module');
const { createHash } = require('node:crypto');
const { readFileSync, renameSync, writeFileSync } = require('node:fs');
const { join, sep } = require('node:path');
const { realpathSync } = require('node:fs');
const ts = require('typescript');

const spec = process.env.FLOWOPS_SANDBOX_CACHE;
delete process.env.FLOWOPS_SANDBOX_CACHE;
const cache = spec ? { dir: spec.replace(/^w:/, ''), write: spec.startsWith('w:') } : undefined;
const checkout = realpathSync(process.cwd()) + sep;

const IMPORT_META = [
  [/\bimport\.meta\.url\b/g, 'require("node:url").pathToFileURL(__filename).href'],
  [/\bimport\.meta\.dirname\b/g, '__dirname'],
  [/\bimport\.meta\.filename\b/g, '__filename'],
  // `const require = createRequire(import.meta.url)` would redeclare CommonJS's own `require`.
  [/\b(const|let|var)\s+require\s*=/g, '$1 __esmRequire ='],
];

function transpile(file, text, maps) {
  let source = text;
  for (const [pattern, replacement] of IMPORT_META) source = source.replace(pattern, replacement);
  return ts.transpileModule(source, {
    fileName: file,
    reportDiagnostics: false,
    compilerOptions: {
      module: ts.ModuleKind.CommonJS,
      target: ts.ScriptTarget.ES2022,
      jsx: ts.JsxEmit.ReactJSX,
      esModuleInterop: true,
      useDefineForClassFields: true,
      inlineSourceMap: maps,
      inlineSources: maps,
    },
  }).outputText;
}

function compiled(file) {
  const text = readFileSync(file, 'utf8');
  const maps = file.startsWith(checkout);
  const key = cache && !maps ? join(cache.dir, `${createHash('sha256').update(`cjs\0${file}\0${text}`).digest('hex')}.js`) : undefined;
  if (key) {
    try {
      return readFileSync(key, 'utf8');
    } catch {
      // not cached yet
    }
  }
  const out = transpile(file, text, maps);
  if (key && cache.write) {
    writeFileSync(`${key}.tmp`, out);
    renameSync(`${key}.tmp`, key);
  }
  return out;
}

for (const ext of ['.ts', '.tsx', '.mts', '.cts']) {
  Module._extensions[ext] = (module, filename) => module._compile(compiled(filename), filename, 'commonjs');
}

function candidates(request) {
  const js = /\.([mc]?)js$/.exec(request);
  if (js) return [request.replace(/\.[mc]?js$/, `.${js[1]}ts`), request.replace(/\.js$/, '.tsx')];
  return ['.ts', '.tsx', '.mts', '/index.ts', '/index.tsx'].map((e) => request + e);
}

const resolveFilename = Module._resolveFilename;
Module._resolveFilename = function resolve(request, parent, isMain, options) {
  try {
    return resolveFilename.call(this, request, parent, isMain, options);
  } catch (err) {
    const relative = request.startsWith('./') || request.startsWith('../') || request.startsWith('/');
    if (!relative || err?.code !== 'MODULE_NOT_FOUND') throw err;
    for (const candidate of candidates(request)) {
      try {
        return resolveFilename.call(this, candidate, parent, isMain, options);
      } catch {
        // try the next spelling
      }
    }
    throw err;
  }
};

// As the process's main module (how `sandbox.ts` starts it), run the compile child, or the policy
// child when the job is `policy` (argv: <sha> policy <input file>). A `.ts` main module of a
// `"type": "module"` package would go to the ESM loader, which has no hooks here.
if (require.main === module) {
  if (process.argv[3] === 'policy') require('./policy-child.ts');
  else require('./compile-child.ts');
}
