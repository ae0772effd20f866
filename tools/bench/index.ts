/**
 * Benchmark dispatcher: `npx tsx tools/bench/index.ts <case> [options]` (`npm run bench -- <case>`).
 * Each case is a module exporting `run(argv): Promise<number>` and writes bench-results/<case>.json.
 * @module
 */
const CASES: Record<string, () => Promise<{ run(argv: string[]): Promise<number> }>> = {
  interpreter: () => import('./interpreter'),
  compile: () => import('./compile'),
  gitops: () => import('./gitops'),
  app: () => import('./app'),
  versioning: () => import('./versioning'),
  faults: () => import('./faults'),
  cli: () => import('./cli'),
};

const [name, ...rest] = process.argv.slice(2);
const names = name ? [name] : Object.keys(CASES);
let code = 0;
for (const n of names) {
  const load = CASES[n];
  if (!load) {
    process.stderr.write(`unknown benchmark "${n}" (known: ${Object.keys(CASES).join(', ')}) [FLOW_USAGE]\n`);
    process.exit(2);
  }
  code ||= await (await load()).run(rest);
}
process.exitCode = code;
export {};
