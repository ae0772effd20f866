/**
 * `npm run build:bundle -w @flowops/runtime`: prebuild the workflow bundles a worker loads, so a
 * worker start runs no webpack. Writes `dist/workflow-bundle-<name>[-<converter>].js` and
 * `dist/workflow-bundle.json` (per bundle: file, sha256, failure converter, and every file webpack
 * read with its hash — a worker uses a bundle only while those files are unchanged).
 * Bundles: the interpreter and the system workflows, each plain and with the encrypted-failures converter.
 * Usage: tsx scripts/build-bundle.ts [--out <dir>]
 * @module
 */
import { relative } from 'node:path';
import { parseArgs } from 'node:util';
import { ENCRYPTED_FAILURES_PATH } from '../src/codec/from-env';
import { systemSpec } from '../src/registry/system-worker';
import { interpreterSpec } from '../src/worker/bundle';
import { PREBUILT_DIR, buildBundle, storeBundle } from '../src/worker/bundle-store';

const { values } = parseArgs({ options: { out: { type: 'string' } } });
const out = values.out ?? PREBUILT_DIR;
const specs = [interpreterSpec(), interpreterSpec(ENCRYPTED_FAILURES_PATH), systemSpec(), systemSpec(ENCRYPTED_FAILURES_PATH)];
const started = performance.now();
for (const spec of specs) {
  const built = await buildBundle(spec);
  const file = storeBundle(out, spec, built, { manifest: true });
  process.stdout.write(
    `${relative(process.cwd(), file.codePath)}  sha256 ${file.sha256.slice(0, 16)}  ${Object.keys(built.inputs).length} inputs  ${(built.code.length / 1e6).toFixed(1)} MB\n`,
  );
}
process.stdout.write(`built ${specs.length} workflow bundles in ${((performance.now() - started) / 1000).toFixed(1)} s\n`);
