/**
 * `flowops plan` and `flowops publish` read the compile cache (node_modules/.cache/flowops) only
 * through entries signed with the user's key (FLOWOPS_CACHE_KEY_FILE, outside the repository),
 * through the real binary in a fresh git repository against the dev server:
 * - a second plan in a fresh process compiles nothing: it writes no cache file (every write is a
 *   new file renamed into place, a new inode), and an entry re-signed with the user's key is what
 *   it plans (the control: the cache is read);
 * - a forged entry (another step) that is tampered, has no MAC or is signed with another key is
 *   ignored by plan, and publish deploys what git holds, not the forgery.
 */
import { randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client, Connection } from '@temporalio/client';
import { cacheSecret, entryMac } from '@flowops/compiler';
import { startCapabilityHeartbeat } from '@flowops/runtime';
import { testTemporalAddress } from '@flowops/testing/vitest';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { unique } from './helpers';
import { type BinaryRun, type FlowRepo, flowRepo, runFlowops, workflowFiles } from './repo';

const taskQueue = unique('plan-cache-tq');
const p = unique('pc');
const name = `${p}-wf`;
const keyDir = mkdtempSync(join(tmpdir(), 'flowops-cache-key-'));
const keyFile = join(keyDir, 'cache.key');
let repo: FlowRepo;
let cacheFile: string;
let connection: Connection;
let heartbeat: { stop(): Promise<void> } | undefined;

interface PlanJson {
  entries: { name: string; status: string; git?: { hash: string }; cluster?: { activeHash: string | null } }[];
}
interface OnDisk {
  key: string;
  entries: Record<string, { mac?: string; json?: string }>;
}

function flowops(...args: string[]): Promise<BinaryRun> {
  const env = {
    FLOWOPS_TEMPORAL_ADDRESS: testTemporalAddress(),
    FLOWOPS_NAMESPACE: 'default',
    FLOWOPS_TASK_QUEUE: taskQueue,
    FLOWOPS_ACTOR: 'plan-cache',
    FLOWOPS_CACHE_KEY_FILE: keyFile,
  };
  return runFlowops(args, { cwd: repo.dir, env });
}

/** The plan's entry for the test's workflow. */
async function plan(...extra: string[]): Promise<PlanJson['entries'][number]> {
  const r = await flowops('plan', '--env', 'local', '--format', 'json', ...extra);
  expect(r.code, r.stderr).toBe(0);
  return (JSON.parse(r.stdout) as PlanJson).entries.find((e) => e.name === name)!;
}

/** Replace the workflow's entry by a forged one (step `say` → `evil`, another message); `sign` says what is stored. */
function forge(sign: (json: string, key: string, originalMac: string) => unknown): void {
  const disk = JSON.parse(readFileSync(cacheFile, 'utf8')) as OnDisk;
  const file = Object.keys(disk.entries).find((f) => f.endsWith(`/${name}/workflow.yaml`))!;
  const entry = disk.entries[file]!;
  const value = JSON.parse(entry.json!) as { ir: { steps: { id: string; with: { message: string } }[] } };
  value.ir.steps[0]!.id = 'evil';
  value.ir.steps[0]!.with.message = 'forged';
  disk.entries[file] = sign(JSON.stringify(value), disk.key, entry.mac!) as OnDisk['entries'][string];
  writeFileSync(cacheFile, JSON.stringify(disk));
}

/** A fresh cache holding a valid entry for the workflow (written by a plan that compiled it). */
async function freshCache(): Promise<string> {
  rmSync(cacheFile, { force: true });
  const entry = await plan();
  expect(statSync(cacheFile).isFile()).toBe(true);
  return entry.git!.hash;
}

beforeAll(async () => {
  repo = flowRepo(p);
  // node_modules of its own (empty: packages resolve from the monorepo above), so the cache is the repo's
  mkdirSync(join(repo.dir, 'node_modules'));
  cacheFile = join(repo.dir, 'node_modules/.cache/flowops/compiled.json');
  repo.commit('one workflow', { '.gitignore': 'node_modules\n', ...workflowFiles({ name, version: '1.0.0', message: 'real' }) });
  connection = await Connection.connect({ address: testTemporalAddress() });
  const client = new Client({ connection, namespace: 'default' });
  // a live worker serving log.write@1 on the test's task queue (plan and publish check plugins)
  heartbeat = await startCapabilityHeartbeat(client, { taskQueue, identity: 'plan-cache-it', actions: ['log.write@1'], intervalMs: 5_000 });
}, 120_000);

afterAll(async () => {
  await heartbeat?.stop();
  await connection?.close();
  repo?.[Symbol.dispose]();
  rmSync(keyDir, { recursive: true, force: true });
});

describe('plan and publish read only signed cache entries', () => {
  test('a second plan in a fresh process is served from the cache', { timeout: 300_000 }, async () => {
    const realHash = await freshCache();
    expect(statSync(keyFile).mode & 0o777).toBe(0o600);
    // Nothing compiled → nothing put → the cache file is not rewritten (a rewrite is a new inode).
    // Up to three tries: other work in the shared checkout may change the toolchain fingerprint once.
    let same = false;
    for (let i = 0; i < 3 && !same; i++) {
      const before = statSync(cacheFile).ino;
      const again = await plan();
      expect(again.git?.hash).toBe(realHash);
      same = statSync(cacheFile).ino === before;
    }
    expect(same).toBe(true);
    // Control: an entry signed with the user's key is trusted as it is — what plan shows comes from the cache.
    forge((json, key) => ({ mac: entryMac(cacheSecret(keyFile)!, key, fileOf(), json), json }));
    const signed = await plan();
    expect(signed.git?.hash).not.toBe(realHash);
    // --no-cache compiles git again
    expect((await plan('--no-cache')).git?.hash).toBe(realHash);
  });

  test('a forged entry without a valid MAC is ignored by plan, and publish deploys git, not the forgery', { timeout: 400_000 }, async () => {
    const forgeries: [string, (json: string, key: string, mac: string) => unknown][] = [
      ['tampered', (json, _key, mac) => ({ mac, json })],
      ['no MAC (an older flowops)', (json) => JSON.parse(json)],
      ['signed with another key', (json, key) => ({ mac: entryMac(randomBytes(32), key, fileOf(), json), json })],
    ];
    const seen: [string, boolean][] = [];
    let realHash = '';
    for (const [what, sign] of forgeries) {
      realHash = await freshCache();
      forge(sign);
      seen.push([what, (await plan()).git?.hash === realHash]);
    }
    expect(seen).toEqual(forgeries.map(([what]) => [what, true]));

    realHash = await freshCache();
    forge((json, key) => ({ mac: entryMac(randomBytes(32), key, fileOf(), json), json }));
    const published = await flowops('publish', '--env', 'local');
    expect(published.code, published.stderr).toBe(0);
    // what the environment now runs, against git compiled afresh (a forged publish would be a reused version: exit 1)
    const r = await flowops('plan', '--env', 'local', '--format', 'json', '--no-cache');
    const after = (JSON.parse(r.stdout) as PlanJson).entries.find((e) => e.name === name)!;
    expect(after.cluster?.activeHash).toBe(realHash);
    expect(after.status).toBe('unchanged');
    expect(r.code, r.stderr).toBe(0);
  });
});

/** The cache's name for the workflow's entry (its definition file, absolute). */
function fileOf(): string {
  const disk = JSON.parse(readFileSync(cacheFile, 'utf8')) as OnDisk;
  return Object.keys(disk.entries).find((f) => f.endsWith(`/${name}/workflow.yaml`))!;
}
