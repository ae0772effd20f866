/**
 * The CLI as users run it, against the dev server: plan exit codes and formats, publish,
 * `git revert` + publish = rollback, drift against a ref, versions, unknown environment,
 * and a publish killed half-way (SIGKILL) that a re-run completes.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { Registry, startCapabilityHeartbeat } from '@flowops/runtime';
import { testTemporalAddress } from '@flowops/testing/vitest';
import { Client, Connection } from '@temporalio/client';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { unique } from './helpers';
import { BIN, type FlowRepo, flowRepo, workflowFiles } from './repo';

const NAMESPACE = 'default';
const taskQueue = unique('cli-tq');
let connection: Connection;
let client: Client;
let registry: Registry;
let heartbeat: { stop(): Promise<void> } | undefined;

beforeAll(async () => {
  connection = await Connection.connect({ address: testTemporalAddress() });
  client = new Client({ connection, namespace: NAMESPACE });
  registry = new Registry(client);
  // a live worker serving log.write@1 on the test's task queue (heartbeats keep it live past the TTL)
  heartbeat = await startCapabilityHeartbeat(client, { taskQueue, identity: 'cli-it-worker', actions: ['log.write@1'], intervalMs: 5_000 });
});
afterAll(async () => {
  await heartbeat?.stop();
  await connection?.close();
});

interface Ran {
  code: number | null;
  stdout: string;
  stderr: string;
}

function start(repo: FlowRepo, args: string[], env: Record<string, string> = {}): { child: ChildProcess; done: Promise<Ran> } {
  const child = spawn(process.execPath, [BIN, ...args], {
    cwd: repo.dir,
    env: {
      ...process.env,
      FLOWOPS_TEMPORAL_ADDRESS: testTemporalAddress(),
      FLOWOPS_NAMESPACE: NAMESPACE,
      FLOWOPS_TASK_QUEUE: taskQueue,
      FLOWOPS_ACTOR: 'cli-test',
      CI: '',
      NO_COLOR: '1',
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout?.on('data', (d) => (stdout += d));
  child.stderr?.on('data', (d) => (stderr += d));
  const done = new Promise<Ran>((resolve) => child.on('close', (code) => resolve({ code, stdout, stderr })));
  return { child, done };
}
const flowops = (repo: FlowRepo, ...args: string[]): Promise<Ran> => start(repo, args).done;

describe('flowops plan / publish / drift / versions / rollback', () => {
  test('the loop through the CLI: plan exit codes, publish, revert → rollback, drift, versions', { timeout: 400_000 }, async () => {
    using repo = flowRepo(unique('cli'));
    const name = unique('cli-wf');
    repo.commit('add workflow', workflowFiles({ name, version: '1.0.0' }));

    let r = await flowops(repo, 'plan', '--env', 'local', '--detailed-exitcode');
    expect(r.stderr).toBe('compiling the workflows in git…\ncomparing with local…\n'); // progress, plain lines (no TTY)
    expect(r.code).toBe(3); // changes: not 2, which is a usage error
    expect(r.stdout).toContain(`+ ${name}`);

    r = await flowops(repo, 'publish', '--env', 'local');
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain(`✓ ${name}: publish 1.0.0, activate 1.0.0`);

    r = await flowops(repo, 'plan', '--env', 'local', '--detailed-exitcode', '--format', 'json');
    expect(r.code, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({ hasChanges: false, counts: { unchanged: 1 } });

    const bump = repo.commit('bump', workflowFiles({ name, version: '1.1.0', message: 'hello again' }));
    r = await flowops(repo, 'plan', '--env', 'local', '--format', 'markdown');
    expect(r.stdout).toContain(`| ~ | \`${name}\` | changed | 1.0.0 → 1.1.0 | ~ step say: with |`);
    expect((await flowops(repo, 'publish', '--env', 'local')).code).toBe(0);

    repo.git('revert', '--no-edit', bump);
    r = await flowops(repo, 'plan', '--env', 'local');
    expect(r.stdout).toMatch(new RegExp(`${name}\\s+rollback\\s+1\\.1\\.0 → 1\\.0\\.0`));
    r = await flowops(repo, 'publish', '--env', 'local');
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain(`✓ ${name}: rollback 1.0.0`);

    r = await flowops(repo, 'versions', name, '--env', 'local');
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain(`${name}: active 1.0.0`);
    expect(r.stdout).toMatch(/rollback\s+1\.0\.0\s+cli-test \(cli [0-9a-f]{7}\) — git revert/);

    // drift against a ref: the cluster runs 1.0.0, the bump commit has 1.1.0
    r = await flowops(repo, 'drift', '--env', 'local', '--ref', bump, '--format', 'json');
    expect(r.code, r.stderr).toBe(3); // differs: not 2, which is a usage error
    expect(JSON.parse(r.stdout)).toMatchObject({ inSync: false, items: [{ name, git: '1.1.0', cluster: '1.0.0' }] });
    r = await flowops(repo, 'drift', '--env', 'local');
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain('is in sync');

    // flowops rollback makes the revert commit itself (never pushes)
    repo.commit('bump again', workflowFiles({ name, version: '1.2.0', message: 'third' }));
    r = await flowops(repo, 'rollback', name, '--to', '1.0.0');
    expect(r.code, r.stderr).toBe(0);
    expect(repo.git('log', '-1', '--format=%s')).toBe(`Revert ${name} to 1.0.0`);
    expect((await flowops(repo, 'plan', '--env', 'local', '--detailed-exitcode')).code).toBe(0);
  });

  test('bad input: unknown environment, unreachable cluster, version published with other content', { timeout: 300_000 }, async () => {
    using repo = flowRepo(unique('cli-bad'));
    const name = unique('cli-bad-wf');
    repo.commit('add', workflowFiles({ name, version: '1.0.0' }));
    let r = await flowops(repo, 'plan', '--env', 'mars');
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('[FLOW_UNKNOWN_ENVIRONMENT]');
    r = await start(repo, ['plan', '--env', 'local'], { FLOWOPS_TEMPORAL_ADDRESS: '127.0.0.1:1' }).done;
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('[FLOW_TEMPORAL_UNREACHABLE]');
    expect(r.stderr).not.toContain('    at ');

    r = await flowops(repo, 'publish', '--env', 'local');
    expect(r.code, r.stdout + r.stderr).toBe(0);
    repo.commit('change without bump', workflowFiles({ name, version: '1.0.0', message: 'sneaky' }));
    r = await flowops(repo, 'publish', '--env', 'local');
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('[FLOW_VERSION_IMMUTABLE]');
    expect((await registry.index(name))?.versions).toEqual({ '1.0.0': expect.any(String) });
  });

  test('a publish killed half-way (SIGKILL) is completed by re-running it', { timeout: 300_000 }, async () => {
    using repo = flowRepo(unique('cli-kill'));
    const names = Array.from({ length: 40 }, (_, i) => `${unique('kill')}-${i}`);
    const files = Object.assign({}, ...names.map((name, i) => workflowFiles({ name, version: '1.0.0', ...(i % 2 ? { cron: '0 3 * * *' } : {}) })));
    repo.commit('forty workflows', files);

    const first = start(repo, ['publish', '--env', 'local']);
    let activeAtKill = 0;
    for (;;) {
      const active = (await Promise.all(names.map((n) => registry.index(n)))).filter((i) => i?.active).length;
      if (active > 0) {
        first.child.kill('SIGKILL');
        activeAtKill = active;
        break;
      }
      if (first.child.exitCode !== null) break;
      await new Promise((r) => setTimeout(r, 20));
    }
    const killed = await first.done;
    expect(killed.code, killed.stdout + killed.stderr).toBeNull(); // killed, not finished
    expect(activeAtKill).toBeGreaterThan(0);

    const again = await flowops(repo, 'publish', '--env', 'local');
    expect(again.code, again.stderr).toBe(0);
    const indexes = await Promise.all(names.map((n) => registry.index(n)));
    expect(indexes.every((i) => i?.active === '1.0.0')).toBe(true);
    for (const [i, n] of names.entries()) {
      if (i % 2) await expect(client.schedule.getHandle(`flowops-cron.${n}.0`).describe()).resolves.toBeDefined();
    }
    const plan = await flowops(repo, 'plan', '--env', 'local', '--detailed-exitcode');
    expect(plan.code, plan.stdout).toBe(0);
  });
});
