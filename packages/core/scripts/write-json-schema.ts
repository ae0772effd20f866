/**
 * Regenerate packages/core/schema/flowops-v1.schema.json from the zod IR schemas.
 * Usage: npx tsx packages/core/scripts/write-json-schema.ts [--check]
 * With --check, exits 1 (without writing) when the committed file is out of date.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { WORKFLOW_SCHEMA_FILE, workflowJsonSchemaText } from '../src/json-schema';

const target = join(dirname(fileURLToPath(import.meta.url)), '..', WORKFLOW_SCHEMA_FILE);
const text = workflowJsonSchemaText();
let current = '';
try {
  current = readFileSync(target, 'utf8');
} catch {
  // not written yet
}
if (process.argv.includes('--check')) {
  if (current !== text) {
    console.error(`${target} is out of date — To fix: run npx tsx packages/core/scripts/write-json-schema.ts [FLOW_SCHEMA_INVALID]`);
    process.exit(1);
  }
  console.log(`${target} is up to date`);
} else if (current === text) {
  console.log(`${target} is up to date`);
} else {
  writeFileSync(target, text);
  console.log(`wrote ${target}`);
}
