#!/usr/bin/env node
// The flowops binary: runs the CLI built to dist/ (`npm run build`). TypeScript is only loaded
// (through tsx) by the commands that import the user's workflow modules or flowops.config.ts.
import { existsSync } from 'node:fs';

const entry = new URL('../dist/main.js', import.meta.url);
if (!existsSync(entry)) {
  process.stderr.write(
    'flowops: the CLI is not built (packages/cli/dist/main.js is missing) — To fix: run `npm run build` at the repository root [FLOW_NOT_BUILT]\n',
  );
  process.exit(1);
}
// This process is the command's own: an in-process load (flowops.config.ts, a plugin package) that
// never finishes may end it with a coded error, prefixed like main's (@flowops/compiler's load-guard.ts).
const verb = process.argv[2];
globalThis[Symbol.for('flowops.load-watchdog')] = verb && /^[a-z][a-z-]*$/.test(verb) ? `flowops ${verb}` : 'flowops';
const { main } = await import(entry.href);
process.exitCode = await main(process.argv.slice(2));
