/**
 * The stateless App through a Temporal outage (issue 10, item 5): the fake GitHub delivers a
 * webhook while a TCP proxy in front of the dev server is cut — the App answers 503 and GitHub
 * records a failed delivery. Once Temporal is back, the redelivery sweep (run by the Temporal
 * Schedule the App created) asks GitHub to redeliver it, and the work is processed exactly once:
 * one workflow execution, one comment, and later sweeps ask for nothing more.
 */
import { FlowopsConfig } from '@flowops/sdk';
import { testTemporalAddress, waitFor } from '@flowops/testing/vitest';
import { Client, Connection } from '@temporalio/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RunningApp, startApp } from '../../src/app';
import { redeliveryScheduleId } from '../../src/server/redelivery-sweep';
import { type FakeGitHub, type FakeRepo, pullRequestEvent, startFakeGitHub } from '@flowops/testing-github';
import { type CuttableProxy, cuttableProxy } from './helpers/cuttable-proxy';

const SECRET = 'outage-secret';
const QUEUE = `flowops-github-outage-${process.pid}`;
const ref = { owner: 'acme', repo: 'outage', installationId: 13 };
const sha = `${process.pid.toString(16)}${Date.now().toString(16)}`.padEnd(40, 'd'); // one workflow id per run, even on a reused dev server

let gh: FakeGitHub;
let repo: FakeRepo;
let proxy: CuttableProxy;
let app: RunningApp;
let client: Client;
const logs: Array<Record<string, unknown>> = [];

beforeAll(async () => {
  const address = testTemporalAddress();
  gh = await startFakeGitHub();
  repo = gh.state.addRepo(ref.owner, ref.repo, ref.installationId);
  gh.state.addPull(repo, 4, { headSha: sha, headRef: 'patch', baseRef: 'main', headRepo: 'mallory/outage' });
  proxy = await cuttableProxy(address);
  client = new Client({ connection: await Connection.connect({ address }), namespace: 'default' });
  app = await startApp({
    config: {
      appId: gh.appId,
      privateKey: gh.privateKeyPem!,
      webhookSecret: SECRET,
      apiUrl: gh.url,
      port: 0,
      environment: 'local',
      taskQueue: QUEUE,
      maxBodyBytes: 1_000_000,
      cloneUrl: 'file:///nonexistent',
    },
    role: 'all',
    flowops: FlowopsConfig.parse({ environments: { local: { namespace: 'default' } } }),
    localAddress: proxy.address,
    host: '127.0.0.1',
    redelivery: { every: '1 hour' }, // the test triggers the Schedule itself
    log: (e) => logs.push(e),
  });
  gh.state.hooks.configure(`${app.url}/webhooks`, SECRET);
}, 120_000);

afterAll(async () => {
  await app?.close();
  await client?.schedule
    .getHandle(redeliveryScheduleId(QUEUE))
    .delete()
    .catch(() => undefined);
  await client?.connection.close();
  await proxy?.close();
  await gh?.close();
});

const notes = () => [...repo.comments.values()].filter((c) => c.issueNumber === 4 && c.body.includes('no automatic dry-run'));
const workflowId = `gh-pr-acme-outage-4-${sha}`;

async function executions(id: string): Promise<number> {
  let n = 0;
  for await (const _ of client.workflow.list({ query: `WorkflowId = '${id}'` })) n++;
  return n;
}

async function sweepBySchedule(): Promise<void> {
  const before = logs.filter((l) => l.msg === 'redelivery sweep').length;
  await client.schedule.getHandle(redeliveryScheduleId(QUEUE)).trigger();
  await waitFor('a sweep run by the Schedule', () => logs.filter((l) => l.msg === 'redelivery sweep').length > before, { timeoutMs: 60_000 });
  await gh.state.hooks.settled();
}

describe('a webhook during a Temporal outage', () => {
  it('gets 503, and after the outage the sweep has it redelivered and processed exactly once', { timeout: 180_000 }, async () => {
    proxy.cut();
    const payload = pullRequestEvent({ ...ref, action: 'opened', number: 4, headSha: sha, headRepo: 'mallory/outage' });
    const failed = await gh.state.hooks.deliver('pull_request', payload, 'outage-guid-1');
    expect(failed.status_code).toBe(503);
    expect(logs.some((l) => String(l.msg).startsWith('webhook not accepted') && l.delivery === 'outage-guid-1')).toBe(true);

    proxy.up = true;
    // The App's client reconnects with gRPC backoff, so the first redelivery right after the outage
    // may still be answered 503; the next sweep asks again (bounded here as it is by the Schedule).
    const attemptsOf = () => gh.state.hooks.deliveries.filter((d) => d.guid === 'outage-guid-1');
    for (let sweep = 0; sweep < 6 && !attemptsOf().some((d) => d.status_code === 202); sweep++) {
      if (sweep > 0) await new Promise((r) => setTimeout(r, 5_000));
      await sweepBySchedule();
    }
    const attempts = attemptsOf();
    expect(attempts[0]).toMatchObject({ redelivery: false, status_code: 503 });
    expect(attempts.at(-1)).toMatchObject({ redelivery: true, status_code: 202 });
    expect(attempts.slice(1, -1).every((d) => d.redelivery && d.status_code === 503)).toBe(true);
    await waitFor('the fork note from the redelivered work', () => notes().length > 0, { timeoutMs: 90_000 });
    await client.workflow.getHandle(workflowId).result();

    // Later sweeps find the event handled: nothing is asked for again, nothing runs twice.
    await sweepBySchedule();
    expect(attemptsOf()).toHaveLength(attempts.length);
    expect(logs.filter((l) => l.msg === 'redelivery sweep').at(-1)).toMatchObject({ failed: 0, redelivered: 0 });
    // A manual redelivery of the same event (a new attempt, same guid) is recognised, not started again.
    gh.state.hooks.redeliver(attempts[0]!.id);
    await gh.state.hooks.settled();
    expect(gh.state.hooks.deliveries.at(-1)).toMatchObject({ guid: 'outage-guid-1', status_code: 200 });
    let runs = 0;
    for (let i = 0; i < 100 && runs === 0; i++) {
      runs = await executions(workflowId); // visibility lags a little
      if (runs === 0) await new Promise((r) => setTimeout(r, 200));
    }
    expect(runs).toBe(1);
    expect(notes()).toHaveLength(1);
  });
});
