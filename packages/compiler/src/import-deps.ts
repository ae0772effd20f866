/**
 * The local files TypeScript workflow modules import, without a type-check: what the compile
 * cache records for a workflow when no type-check ran (`flowops plan`, `flowops publish`), so a
 * change to a helper it imports recompiles it. esbuild's bundler follows every static import the
 * way tsx resolves them (tsconfig paths, `.js` → `.ts`, workspace packages through their real
 * path) in one build for all modules; nothing under node_modules is followed further, and only
 * files outside node_modules count. Any build error (syntax, a file type esbuild has no loader
 * for) means no answer: the workflows are then simply not cached.
 * @module
 */
import path from 'node:path';

const IN_NODE_MODULES = `${path.sep}node_modules${path.sep}`;

/** For each of `files` (absolute), the local files it imports, itself included; undefined when it cannot tell. */
export async function localImports(root: string, files: string[]): Promise<Map<string, string[]> | undefined> {
  if (files.length === 0) return new Map();
  try {
    const { build } = await import('esbuild');
    const result = await build({
      absWorkingDir: root,
      entryPoints: files,
      bundle: true,
      write: false,
      metafile: true,
      outdir: path.join(root, '.flowops-deps'),
      outbase: root,
      platform: 'node',
      format: 'esm',
      logLevel: 'silent',
      plugins: [
        {
          name: 'stop-at-node-modules',
          setup(b) {
            b.onResolve({ filter: /.*/ }, (args) => (args.importer.includes(IN_NODE_MODULES) ? { external: true } : undefined));
          },
        },
      ],
    });
    // The import graph (not the outputs' inputs: a file that only re-exports adds no bytes to an output).
    const graph = result.metafile.inputs;
    const deps = new Map<string, string[]>();
    for (const output of Object.values(result.metafile.outputs)) {
      if (!output.entryPoint) continue;
      const seen = new Set<string>([output.entryPoint]);
      for (const file of seen) for (const i of graph[file]?.imports ?? []) if (!i.external && !seen.has(i.path)) seen.add(i.path);
      const local = [...seen].map((f) => path.resolve(root, f)).filter((f) => !f.includes(IN_NODE_MODULES));
      deps.set(path.resolve(root, output.entryPoint), local);
    }
    return files.every((f) => deps.has(f)) ? deps : undefined;
  } catch {
    return undefined;
  }
}
