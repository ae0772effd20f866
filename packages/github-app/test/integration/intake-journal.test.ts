/**
 * The journal ack mode against a real Temporal (the dev server of the global setup), reached
 * through a TCP proxy the test can cut to simulate an outage: a webhook answered 202 while
 * Temporal is unreachable is started once it is back; an App SIGKILLed after answering and before
 * starting starts the work after its restart, and never twice; a journaling server starts while
 * Temporal is down; a journaled entry whose workflow already started is not started again.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { type Server, type Socket, createServer, connect as tcpConnect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { FlowopsConfig } from '@flowops/sdk';
import { testTemporalAddress } from '@flowops/testing/vitest';
import { Client, Connection } from '@temporalio/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RunningApp, startApp } from '../../src/app';
import type { AppConfig } from '../../src/config';
import { IntakeJournal } from '../../src/server/intake-journal';
import { type FakeGitHub, pushEvent, startFakeGitHub } from '../../src/testing/index';
import { signPayload } from '../../src/webhooks/signature';

const SECRET = 'journal-secret';
const APP_QUEUE = `flowops-github-journal-${process.pid}`; // no worker polls it: started workflows stay RUNNING
const ref = { owner: 'acme', repo: 'journal', installationId: 11 };
const FIXTURE = fileURLToPath(new URL('./fixtures/journal-app.ts', import.meta.url));

/** A TCP proxy to Temporal that can be cut (existing connections reset, new ones refused). */
async function cuttableProxy(target: string): Promise<{ address: string; up: boolean; cut(): void; close(): Promise<void> }> {
  const [host, port] = [target.slice(0, target.lastIndexOf(':')), Number(target.slice(target.lastIndexOf(':') + 1))];
  const sockets = new Set<Socket>();
  const state = { up: true };
  const server: Server = createServer((client) => {
    if (!state.up) return void client.destroy();
    const upstream = tcpConnect(port, host);
    for (const s of [client, upstream]) {
      sockets.add(s);
      s.on('close', () => sockets.delete(s));
      s.on('error', () => undefined);
    }
    client.pipe(upstream).pipe(client);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const address = `127.0.0.1:${(server.address() as { port: number }).port}`;
  return {
    address,
    get up() {
      return state.up;
    },
    set up(v: boolean) {
      state.up = v;
    },
    cut() {
      state.up = false;
      for (const s of sockets) s.destroy();
    },
    close: () =>
      new Promise<void>((r) => {
        for (const s of sockets) s.destroy();
        server.close(() => r());
      }),
  };
}

let gh: FakeGitHub;
let client: Client;
let proxy: Awaited<ReturnType<typeof cuttableProxy>>;
const dirs: string[] = [];
const apps: RunningApp[] = [];
const children: ChildProcess[] = [];

const config = (journalDir: string): AppConfig => ({
  appId: gh.appId,
  privateKey: gh.privateKeyPem!,
  webhookSecret: SECRET,
  apiUrl: gh.url,
  port: 0,
  environment: 'local',
  taskQueue: APP_QUEUE,
  maxBodyBytes: 1_000_000,
  cloneUrl: 'file:///nonexistent',
  ack: 'journal',
  journalDir,
});
const newDir = () => {
  const d = mkdtempSync(join(tmpdir(), 'flowops-journal-it-'));
  dirs.push(d);
  return d;
};
const flowops = FlowopsConfig.parse({ environments: { local: { namespace: 'default' } } });
async function inProcessApp(journalDir: string): Promise<RunningApp> {
  const app = await startApp({ config: config(journalDir), role: 'server', flowops, localAddress: proxy.address, host: '127.0.0.1' });
  apps.push(app);
  return app;
}

function childApp(journalDir: string): Promise<{ url: string; child: ChildProcess }> {
  const child = spawn(process.execPath, ['--import', 'tsx', FIXTURE], {
    env: { ...process.env, FLOWOPS_TEST_APP: JSON.stringify({ config: config(journalDir), address: proxy.address }) },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  children.push(child);
  return new Promise((resolve, reject) => {
    let out = '';
    child.once('exit', (code) => reject(new Error(`the App exited with ${code} before listening`)));
    child.stdout!.on('data', (chunk: Buffer) => {
      out += chunk.toString('utf8');
      const line = out.split('\n').find((l) => l.startsWith('{"url"'));
      if (line) resolve({ url: (JSON.parse(line) as { url: string }).url, child });
    });
  });
}

function deliver(url: string, sha: string, delivery: string): Promise<Response> {
  const body = JSON.stringify(pushEvent({ ...ref, after: sha }));
  return fetch(`${url}/webhooks`, {
    method: 'POST',
    body,
    headers: { 'content-type': 'application/json', 'x-github-event': 'push', 'x-github-delivery': delivery, 'x-hub-signature-256': signPayload(SECRET, body) },
  });
}

/** Run ids of the executions with this workflow id (visibility may lag: wait for `atLeast`). */
async function runs(workflowId: string, atLeast = 0, timeoutMs = 60_000): Promise<string[]> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const ids: string[] = [];
    for await (const w of client.workflow.list({ query: `WorkflowId = '${workflowId}'` })) ids.push(w.runId);
    if (ids.length >= atLeast || Date.now() > end) return ids;
    await new Promise((r) => setTimeout(r, 250));
  }
}

async function exists(workflowId: string): Promise<boolean> {
  try {
    await client.workflow.getHandle(workflowId).describe();
    return true;
  } catch {
    return false;
  }
}

async function pendingOf(url: string): Promise<number> {
  return ((await (await fetch(`${url}/healthz`)).json()) as { pending: number }).pending;
}

beforeAll(async () => {
  const address = testTemporalAddress();
  gh = await startFakeGitHub();
  gh.state.addRepo(ref.owner, ref.repo, ref.installationId);
  proxy = await cuttableProxy(address);
  client = new Client({ connection: await Connection.connect({ address }), namespace: 'default' });
});

afterAll(async () => {
  for (const c of children) if (c.exitCode === null) c.kill('SIGKILL');
  for (const a of apps) await a.close().catch(() => undefined);
  await client?.connection.close();
  await proxy?.close();
  await gh?.close();
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

describe('journal ack mode with a real Temporal', () => {
  it('a webhook answered 202 while Temporal is unreachable is started once it is back', async () => {
    const app = await inProcessApp(newDir());
    const sha = 'a'.repeat(40);
    const workflowId = `gh-drift-acme-journal-${sha}`;
    proxy.cut();
    const res = await deliver(app.url, sha, 'outage-1');
    expect(res.status).toBe(202);
    expect(await res.json()).toMatchObject({ accepted: true, workflowId });
    await new Promise((r) => setTimeout(r, 1000));
    expect(await exists(workflowId)).toBe(false);
    expect(await pendingOf(app.url)).toBe(1);
    proxy.up = true;
    while ((await pendingOf(app.url)) > 0) await new Promise((r) => setTimeout(r, 200));
    expect(await runs(workflowId, 1)).toHaveLength(1);
    expect(await (await deliver(app.url, sha, 'outage-1')).json()).toMatchObject({ duplicate: true });
    await app.close();
  }, 120_000);

  it('an App killed after answering and before starting starts the work after its restart, once', async () => {
    const dir = newDir();
    const first = await childApp(dir);
    const sha = 'b'.repeat(40);
    const workflowId = `gh-drift-acme-journal-${sha}`;
    proxy.cut(); // the pump cannot start it: the answer precedes the start
    expect((await deliver(first.url, sha, 'kill-1')).status).toBe(202);
    const exited = new Promise((r) => first.child.once('exit', r));
    first.child.kill('SIGKILL');
    await exited;
    proxy.up = true;
    expect(await exists(workflowId)).toBe(false);

    const second = await inProcessApp(dir); // same journal; the dead process's lock is taken over
    while ((await pendingOf(second.url)) > 0) await new Promise((r) => setTimeout(r, 200));
    const [runId] = await runs(workflowId, 1);
    expect(runId).toBeDefined();
    // GitHub redelivers (same id, then a new id): recognised, nothing new starts.
    expect(await (await deliver(second.url, sha, 'kill-1')).json()).toMatchObject({ duplicate: true });
    expect(await (await deliver(second.url, sha, 'kill-1-redelivered')).json()).toMatchObject({ duplicate: true });
    await second.close();
    // And a third start of the same journal replays nothing.
    const third = await inProcessApp(dir);
    expect(await pendingOf(third.url)).toBe(0);
    expect(await runs(workflowId)).toEqual([runId]);
    await third.close();
  }, 120_000);

  it('a journaling webhook server starts, and accepts webhooks, while Temporal is down', async () => {
    proxy.cut();
    const app = await inProcessApp(newDir());
    const sha = 'd'.repeat(40);
    const workflowId = `gh-drift-acme-journal-${sha}`;
    expect((await deliver(app.url, sha, 'cold-1')).status).toBe(202);
    expect(await exists(workflowId)).toBe(false);
    proxy.up = true;
    while ((await pendingOf(app.url)) > 0) await new Promise((r) => setTimeout(r, 200));
    expect(await runs(workflowId, 1)).toHaveLength(1);
    await app.close();
  }, 120_000);

  it('a journaled entry whose workflow already started is not started again on replay', async () => {
    const dir = newDir();
    const sha = 'c'.repeat(40);
    const workflowId = `gh-drift-acme-journal-${sha}`;
    const before = await client.workflow.start('flowopsGithubDrift', { taskQueue: APP_QUEUE, workflowId, args: [{ repo: ref, sha, trigger: 'push' }] });
    // The App had started it and died before writing the done mark.
    const journal = await IntakeJournal.open({ dir });
    await journal.append('replay-1', 'push', { kind: 'start', workflowType: 'flowopsGithubDrift', workflowId, args: { repo: ref, sha, trigger: 'push' } });
    await journal.close();
    const app = await inProcessApp(dir);
    while ((await pendingOf(app.url)) > 0) await new Promise((r) => setTimeout(r, 200));
    expect(await runs(workflowId, 1)).toEqual([before.firstExecutionRunId]);
    await app.close();
  }, 120_000);
});
