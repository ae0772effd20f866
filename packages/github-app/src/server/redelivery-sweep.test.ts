import { type Server, createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createGitHubClients } from '../github/octokit';
import { type FakeGitHub, startFakeGitHub } from '@flowops/testing-github';
import { type AppRequest, failedEvents, nextCursor, sweepFailedDeliveries } from './redelivery-sweep';

/** The App's webhook stand-in: answers each guid with the next status scripted for it (default 202). */
const script = new Map<string, number[]>();
const received: string[] = [];
let app: Server;
let gh: FakeGitHub;
let request: AppRequest;

beforeAll(async () => {
  app = createServer((req, res) => {
    const guid = String(req.headers['x-github-delivery']);
    received.push(guid);
    req.resume();
    res.writeHead(script.get(guid)?.shift() ?? 202).end('{}');
  });
  await new Promise<void>((r) => app.listen(0, '127.0.0.1', r));
  gh = await startFakeGitHub();
  gh.state.hooks.configure(`http://127.0.0.1:${(app.address() as AddressInfo).port}/webhooks`, 'hush');
  const github = createGitHubClients({ appId: gh.appId, privateKey: gh.privateKeyPem!, apiUrl: gh.url });
  request = github.app.octokit.request as unknown as AppRequest;
});
afterAll(async () => {
  await gh.close();
  await new Promise((r) => app.close(r));
});

const event = (n: number) => ({ action: 'created', installation: { id: 7 }, repository: { id: 1 }, n });

describe('redelivery sweep against the fake GitHub', () => {
  it('asks again for each event none of whose deliveries succeeded — recent ones, oldest first, bounded — and not twice', async () => {
    script.set('fails', [503]);
    script.set('fails-twice', [503, 503]);
    script.set('failed-then-ok', [503]);
    script.set('too-old', [503]);
    script.set('unreachable', [503]);
    await gh.state.hooks.deliver('push', event(1), 'too-old');
    await gh.state.hooks.deliver('push', event(2), 'fails');
    await gh.state.hooks.deliver('push', event(3), 'ok');
    await gh.state.hooks.deliver('push', event(4), 'failed-then-ok');
    await gh.state.hooks.deliver('push', event(5), 'fails-twice');
    await gh.state.hooks.deliver('push', event(6), 'unreachable');
    const failedThenOk = gh.state.hooks.deliveries.find((d) => d.guid === 'failed-then-ok')!;
    gh.state.hooks.redeliver(failedThenOk.id); // GitHub's own "Redeliver" button: 202 this time
    await gh.state.hooks.settled();
    gh.state.hooks.deliveries[0]!.delivered_at = new Date(Date.now() - 3 * 24 * 3600_000).toISOString();
    const logs: Array<Record<string, unknown>> = [];
    // Pages of 2 (the fake paginates with a cursor like GitHub); at most 2 redeliveries per sweep.
    const first = await sweepFailedDeliveries({ request, limits: { pageSize: 2, maxRedeliveries: 2 }, log: (e) => logs.push(e) });
    await gh.state.hooks.settled();
    expect(first).toMatchObject({ listed: 6, failed: 3, deferred: 1, errors: [] }); // the 3-day-old one is not even listed
    const guidOf = (id: number) => gh.state.hooks.deliveries.find((d) => d.id === id)?.guid;
    expect(first.redelivered.map(guidOf)).toEqual(['fails', 'fails-twice']);
    expect(logs.filter((l) => l.msg === 'redelivery requested')).toHaveLength(2);
    expect(logs.at(-1)).toMatchObject({ msg: 'redelivery sweep', redelivered: 2, deferred: 1 });

    // Next sweep: "fails" succeeded on redelivery, "fails-twice" failed again (its newest delivery is
    // redelivered), "unreachable" finally gets its turn.
    const second = await sweepFailedDeliveries({ request, limits: { pageSize: 2, maxRedeliveries: 5 } });
    await gh.state.hooks.settled();
    expect(second.redelivered.map(guidOf).sort()).toEqual(['fails-twice', 'unreachable']);
    expect(second.redelivered).not.toContain(first.redelivered[1]); // the newest failure, not the first one again
    const third = await sweepFailedDeliveries({ request });
    expect(third.redelivered).toEqual([]);
    expect(received.filter((g) => g === 'ok')).toHaveLength(1);
    expect(received.filter((g) => g === 'too-old')).toHaveLength(1);
    // Every call went through GitHub's OpenAPI routes with the App's JWT.
    expect(gh.requests.filter((r) => r.operationId === 'apps/redeliver-webhook-delivery').every((r) => r.status === 202)).toBe(true);
  });

  it('reads the next cursor from a Link header', () => {
    expect(nextCursor('<https://api.github.com/app/hook/deliveries?per_page=2&cursor=v1_12>; rel="next"')).toBe('v1_12');
    expect(nextCursor(undefined)).toBeUndefined();
    expect(failedEvents([])).toEqual([]);
  });
});
