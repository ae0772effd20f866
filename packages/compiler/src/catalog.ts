/**
 * The plugin catalog: every installed `@flowops/plugin-*` package (its `plugin` or default
 * export) plus the plugins listed in `flowops.config.ts` (`plugins: [...]`, contracts or
 * package names). Each import runs under a time limit (load-guard.ts): a package or config
 * whose top level never finishes ends the command with a coded error naming it.
 * @module
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { isPluginContract, type PluginContract } from '@flowops/sdk';
import { diagnostic, type Diagnostic } from './diagnostic';
import { configOverrun, pluginOverrun, withLoadLimit } from './load-guard';
import { errorMessage, type ModuleLoader } from './module-loader';

export interface Catalog {
  plugins: Map<string, PluginContract>;
  diagnostics: Diagnostic[];
}

function entryOf(pkgDir: string): string | undefined {
  try {
    const pkg = JSON.parse(readFileSync(path.join(pkgDir, 'package.json'), 'utf8')) as {
      exports?: unknown;
      main?: string;
    };
    let exp = pkg.exports;
    if (exp && typeof exp === 'object' && '.' in exp) exp = (exp as Record<string, unknown>)['.'];
    if (exp && typeof exp === 'object') {
      const e = exp as Record<string, unknown>;
      exp = e.import ?? e.default ?? e.node;
    }
    const rel = typeof exp === 'string' ? exp : (pkg.main ?? 'index.js');
    return path.join(pkgDir, rel);
  } catch {
    return undefined;
  }
}

function contractOf(mod: Record<string, unknown>): PluginContract | undefined {
  for (const v of [mod.plugin, mod.default, mod.contract]) if (isPluginContract(v)) return v;
  return undefined;
}

/** The nearest `node_modules/@flowops` at or above the repository root. */
export function findScopeDir(root: string): string | undefined {
  for (let dir = path.resolve(root); ; dir = path.dirname(dir)) {
    const candidate = path.join(dir, 'node_modules', '@flowops');
    if (existsSync(candidate)) return candidate;
    if (path.dirname(dir) === dir) return undefined;
  }
}

export async function loadCatalog(root: string, loader: ModuleLoader): Promise<Catalog> {
  const plugins = new Map<string, PluginContract>();
  const diagnostics: Diagnostic[] = [];
  const scope = findScopeDir(root);
  const dirs = scope
    ? readdirSync(scope)
        .filter((n) => n.startsWith('plugin-'))
        .sort()
        .map((n) => path.join(scope, n))
    : [];
  // One at a time (as fast as in parallel: they share the SDK and zod), so an overrun names its package.
  for (const dir of dirs) {
    const entry = entryOf(dir);
    if (!entry || !existsSync(entry)) continue;
    try {
      const pkg = `@flowops/${path.basename(dir)}`;
      const contract = contractOf(await withLoadLimit(pluginOverrun(pkg, path.relative(root, entry), false), () => loader.import(entry)));
      if (contract) plugins.set(contract.name, contract);
    } catch {
      // A plugin package that does not load yet is simply not in the catalog; workflows that
      // use it get FLOW_UNKNOWN_PLUGIN, which names the plugin.
    }
  }
  const configFile = path.join(root, 'flowops.config.ts');
  if (existsSync(configFile)) {
    try {
      const mod = await withLoadLimit(configOverrun(), () => loader.import(configFile));
      const config = (mod.default ?? mod.config) as { plugins?: unknown } | undefined;
      const listed = Array.isArray(config?.plugins) ? config.plugins : [];
      for (const item of listed) {
        if (isPluginContract(item)) plugins.set(item.name, item);
        else if (typeof item === 'string') {
          const dir = path.join(root, 'node_modules', item);
          const entry = entryOf(dir);
          const contract =
            entry && existsSync(entry)
              ? contractOf(await withLoadLimit(pluginOverrun(item, path.relative(root, entry), true), () => loader.import(entry)))
              : undefined;
          if (contract) plugins.set(contract.name, contract);
          else
            diagnostics.push(
              diagnostic({
                code: 'FLOW_UNKNOWN_PLUGIN',
                message: `flowops.config.ts lists plugin "${item}", which is not installed or exports no plugin contract`,
                hint: `install it (npm install ${item}) or remove it from plugins`,
                file: 'flowops.config.ts',
              }),
            );
        }
      }
    } catch (err) {
      diagnostics.push(
        diagnostic({
          code: 'FLOW_LOAD_ERROR',
          message: `flowops.config.ts failed to load: ${errorMessage(err)}`,
          hint: 'fix the error in flowops.config.ts',
          file: 'flowops.config.ts',
        }),
      );
    }
  }
  return { plugins, diagnostics };
}
