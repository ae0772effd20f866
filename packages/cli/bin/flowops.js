#!/usr/bin/env node
// The flowops binary: register tsx so the CLI (and the workflows it loads) run from TypeScript
// source without a build, then hand over to src/main.ts.
import { register } from 'tsx/esm/api';

register();
const { main } = await import('../src/main.ts');
process.exitCode = await main(process.argv.slice(2));
