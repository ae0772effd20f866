/**
 * Encryption everywhere it is promised (issue 9, finding 6): with codec keys on the App's
 * environment (`FLOWOPS_CODEC_KEYS`) and on staging (`codecKeys` in flowops.config.ts), a PR report
 * and a `/flowops run` go through the real App (webhook server + App worker), the fake GitHub and
 * a flowops worker on staging. The raw histories, read without a codec, hold no comment body, PR
 * title, fixture value or failure message; failures read "Encoded failure" and decode with the codec.
 */
import { randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import logPlugin from '@flowops/plugin-log/worker';
import transformPlugin from '@flowops/plugin-transform/worker';
import {
  type AesGcmPayloadCodec,
  ENCRYPTED_ENCODING,
  SecretResolver,
  StaticSecretProvider,
  createFlowopsWorker,
  dataConverterFromKeys,
} from '@flowops/runtime';
import { FlowopsConfig, fromEnv } from '@flowops/sdk';
import { testTemporalAddress, waitFor } from '@flowops/testing/vitest';
import { Client, Connection, WorkflowFailedError } from '@temporalio/client';
import { NativeConnection, type Worker } from '@temporalio/worker';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RunningApp, startApp } from '../../src/app';
import { REPORT_MARKER } from '../../src/render/index';
import { startReport } from '../../src/temporal/starter';
import { type FakeGitHub, type FakeRepo, issueCommentEvent, pullRequestEvent, startFakeGitHub } from '@flowops/testing-github';
import { deliverSigned, git, testAppConfig } from './helpers/app-harness';

const SECRET = 'encryption-it-secret';
const tag = randomBytes(4).toString('hex');
const RUN_QUEUE = `flowops-enc-run-${tag}`;
const APP_QUEUE = `flowops-enc-app-${tag}`;
const APP_KEYS = `app1:${randomBytes(32).toString('base64')}`;
const STAGING_KEYS = `stg1:${randomBytes(32).toString('base64')}`;
// Workflow ids derive from the repository and comment ids: unique per run, so a reused dev server has no duplicates.
const ref = { owner: 'acme', repo: `sealed-${tag}`, installationId: 21 };
// Plain text that must never reach Temporal unencrypted.
const MARK = {
  title: `PR-TITLE-${tag}-zebra`,
  comment: `COMMENT-BODY-${tag}-walrus`,
  fixture: `FIXTURE-${tag}-otter`,
  failure: `FAILURE-${tag}-heron`,
};

const hello = (extra = '') => `name: hello
owner: "@acme/sre"
defaults: { retry: { maxAttempts: 1 }, timeout: 30s }
input: { type: object, properties: { who: { type: string } }, required: [who] }
steps:
  - id: greet
    uses: log.write@1
    with: { message: "hello {{ input.who }}" }
${extra}`;
const BOOM = `name: boom
owner: "@acme/sre"
defaults: { retry: { maxAttempts: 1 }, timeout: 30s }
input: { type: object, properties: { why: { type: string } }, required: [why] }
steps:
  - id: explode
    uses: transform.jsonata@1
    with:
      expression: '$error("boom " & why)'
      data: { why: "{{ input.why }}" }
`;

let gh: FakeGitHub;
let repo: FakeRepo;
let app: RunningApp;
let native: NativeConnection;
let runWorker: Worker;
let runWorkerDone: Promise<void>;
let connection: Connection;
let appClient: Client;
let dir: string;
let featureSha: string;

const deliver = (event: string, payload: unknown, delivery: string) => deliverSigned(app.url, SECRET, event, payload, delivery);

const botComments = (issue: number) => [...repo.comments.values()].filter((c) => c.issueNumber === issue && c.user.login === 'flowops[bot]');
const codecOf = (keys: string) => dataConverterFromKeys(keys)!.payloadCodecs![0] as AesGcmPayloadCodec;

type RawHistory = NonNullable<Awaited<ReturnType<Connection['workflowService']['getWorkflowExecutionHistory']>>['history']>;
type RawEvent = NonNullable<RawHistory['events']>[number];

/** Every event of a history as the server stores it: WorkflowService, no data converter. */
async function rawEvents(namespace: string, workflowId: string): Promise<RawEvent[]> {
  const events: RawEvent[] = [];
  let nextPageToken: Uint8Array | undefined;
  do {
    const page = await connection.workflowService.getWorkflowExecutionHistory({
      namespace,
      execution: { workflowId },
      ...(nextPageToken ? { nextPageToken } : {}),
    });
    events.push(...(page.history?.events ?? []));
    nextPageToken = page.nextPageToken?.length ? page.nextPageToken : undefined;
  } while (nextPageToken);
  return events;
}

/** All bytes and strings of a value, concatenated: what a search of the stored history sees. */
function bytesOf(value: unknown, out: Buffer[] = []): Buffer {
  if (value instanceof Uint8Array) out.push(Buffer.from(value));
  else if (typeof value === 'string') out.push(Buffer.from(value, 'utf8'));
  else if (value && typeof value === 'object') for (const v of Object.values(value)) bytesOf(v, out);
  return Buffer.concat(out);
}

async function workflowIds(namespace: string, taskQueue: string): Promise<string[]> {
  const client = new Client({ connection, namespace });
  const ids: string[] = [];
  for await (const w of client.workflow.list({ query: `TaskQueue = '${taskQueue}'` })) ids.push(w.workflowId);
  return ids;
}

beforeAll(async () => {
  const address = testTemporalAddress();
  dir = mkdtempSync(join(tmpdir(), 'flowops-gh-enc-'));
  const work = join(dir, 'work');
  for (const name of ['hello', 'boom']) mkdirSync(join(work, 'workflows', name, 'fixtures'), { recursive: true });
  writeFileSync(join(work, 'workflows', 'hello', 'workflow.yaml'), hello());
  writeFileSync(join(work, 'workflows', 'hello', 'package.json'), JSON.stringify({ name: '@it/hello', version: '1.0.0', private: true }));
  writeFileSync(join(work, 'workflows', 'hello', 'fixtures', 'basic.json'), JSON.stringify({ who: MARK.fixture }));
  writeFileSync(join(work, 'workflows', 'boom', 'workflow.yaml'), BOOM);
  writeFileSync(join(work, 'workflows', 'boom', 'package.json'), JSON.stringify({ name: '@it/boom', version: '1.0.0', private: true }));
  git(work, 'init', '-q', '-b', 'main');
  git(work, 'add', '.');
  git(work, 'commit', '-qm', 'base');
  git(work, 'checkout', '-q', '-b', 'feature');
  writeFileSync(
    join(work, 'workflows', 'hello', 'workflow.yaml'),
    hello(`  - id: wave\n    uses: log.write@1\n    with: { message: "bye {{ input.who }}" }\n`),
  );
  writeFileSync(join(work, 'workflows', 'hello', 'package.json'), JSON.stringify({ name: '@it/hello', version: '1.1.0', private: true }));
  git(work, 'commit', '-qam', 'wave');
  featureSha = git(work, 'rev-parse', 'HEAD');
  git(dir, 'clone', '-q', '--bare', work, 'sealed.git');

  gh = await startFakeGitHub();
  repo = gh.state.addRepo(ref.owner, ref.repo, ref.installationId);
  gh.state.addPull(repo, 21, { headSha: featureSha, headRef: 'feature', baseRef: 'main', headRepo: `acme/${ref.repo}`, author: 'wes', title: MARK.title });
  repo.collaborators.set('wes', 'write');

  const flowops = FlowopsConfig.parse({
    environments: {
      local: { namespace: 'default' }, // the App's environment: FLOWOPS_CODEC_KEYS
      staging: { address, namespace: 'staging', taskQueue: RUN_QUEUE, codecKeys: fromEnv('IT_STAGING_CODEC_KEYS') },
    },
  });
  native = await NativeConnection.connect({ address });
  runWorker = (
    await createFlowopsWorker({
      connection: native,
      namespace: 'staging',
      taskQueue: RUN_QUEUE,
      plugins: [logPlugin, transformPlugin],
      secrets: new SecretResolver({ providers: { env: new StaticSecretProvider({}) } }),
      dataConverter: dataConverterFromKeys(STAGING_KEYS),
    })
  ).worker;
  runWorkerDone = runWorker.run();
  app = await startApp({
    config: testAppConfig({ gh, secret: SECRET, taskQueue: APP_QUEUE, bareRepo: join(dir, 'sealed.git') }),
    flowops,
    vars: { ...process.env, FLOWOPS_CODEC_KEYS: APP_KEYS, IT_STAGING_CODEC_KEYS: STAGING_KEYS },
    localAddress: address,
    appRoot: resolve(__dirname, '../../../..'),
    host: '127.0.0.1',
  });
  connection = await Connection.connect({ address });
  appClient = new Client({ connection, namespace: 'default', dataConverter: dataConverterFromKeys(APP_KEYS)! });
}, 300_000);

afterAll(async () => {
  await app?.close();
  runWorker?.shutdown();
  await runWorkerDone?.catch(() => undefined);
  await native?.close();
  await connection?.close();
  await gh?.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('the App with codec keys on its environment', () => {
  it('runs a PR report and a comment run; no raw history holds their plain text', { timeout: 300_000 }, async () => {
    const opened = pullRequestEvent({ ...ref, action: 'opened', number: 21, headSha: featureSha, author: 'wes' }) as { pull_request: { title: string } };
    opened.pull_request.title = MARK.title;
    expect((await deliver('pull_request', opened, `enc-pr-${tag}`)).status).toBe(202);
    const check = await waitFor(
      'report check run',
      () => [...repo.checkRuns.values()].find((r) => r.headSha === featureSha && r.name === 'flowops' && r.status === 'completed'),
      { timeoutMs: 240_000 },
    );
    expect(check.conclusion).toBe('success');
    await waitFor('sticky report with the dry-run', () =>
      botComments(21).find((b) => b.body.startsWith(REPORT_MARKER) && /Dry-run trace of hello \(succeeded/.test(b.body)),
    );

    const body = `${MARK.comment}\n/flowops run boom why=${MARK.failure}`;
    const c = gh.state.addComment(repo, 21, 'wes', body);
    expect((await deliver('issue_comment', issueCommentEvent({ ...ref, number: 21, commentId: c.id, body, login: 'wes' }), `enc-comment-${tag}`)).status).toBe(
      202,
    );
    // The failure crossed staging's codec and the App's worker and came back readable.
    const reply = await waitFor('run reply', () => botComments(21).find((b) => b.body.includes('`run boom@1.0.0`')), { timeoutMs: 120_000 });
    expect(reply.body).toMatch(/@wes ❌ `run boom@1\.0\.0` on \*\*staging\*\* failed/);
    expect(reply.body).toContain(`boom ${MARK.failure}`);

    let appIds: string[] = [];
    for (let i = 0; i < 50 && appIds.length < 2; i++) {
      appIds = await workflowIds('default', APP_QUEUE);
      if (appIds.length < 2) await new Promise((r) => setTimeout(r, 200));
    }
    expect(appIds.length).toBeGreaterThanOrEqual(2); // the PR's report and the comment
    for (const id of appIds) await appClient.workflow.getHandle(id).result(); // complete histories; each succeeded
    const runIds = await workflowIds('staging', RUN_QUEUE);
    expect(runIds.some((id) => id.startsWith('flowops-hello-'))).toBe(true);
    expect(runIds.some((id) => id.startsWith('flowops-boom-'))).toBe(true);
    const histories = [...appIds.map((id) => ['default', id] as const), ...runIds.map((id) => ['staging', id] as const)];
    for (const [namespace, id] of histories) {
      const events = await rawEvents(namespace, id);
      const raw = bytesOf(events);
      expect(raw.includes(ENCRYPTED_ENCODING), `${namespace}/${id} carries encrypted payloads`).toBe(true);
      for (const [what, marker] of Object.entries(MARK)) expect(raw.includes(marker), `${what} in the raw history of ${namespace}/${id}`).toBe(false);
      expect(raw.includes('boom '), `a failure message in ${namespace}/${id}`).toBe(false);
    }

    // The failed run's failure: "Encoded failure" in the store, the real message behind the codec.
    const boomId = runIds.find((id) => id.startsWith('flowops-boom-'))!;
    const failed = (await rawEvents('staging', boomId)).find((e) => e.workflowExecutionFailedEventAttributes)!.workflowExecutionFailedEventAttributes!.failure!;
    expect(failed.message).toBe('Encoded failure');
    expect(failed.stackTrace ?? '').toBe('');
    const [attrs] = await codecOf(STAGING_KEYS).decode([failed.encodedAttributes!]);
    expect(JSON.parse(Buffer.from(attrs!.data!).toString('utf8')).message).toContain(`boom ${MARK.failure}`);
  });

  it("a failing App workflow's message is encrypted in raw history and decodes with the App's codec", async () => {
    const bad = { repo: { owner: 'acme', repo: ref.repo }, pr: -21, headSha: 'not-a-sha' } as unknown as Parameters<typeof startReport>[1];
    const { workflowId } = await startReport(appClient, bad, APP_QUEUE);
    const err = await appClient.workflow
      .getHandle(workflowId)
      .result()
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(WorkflowFailedError);
    const message = (err as WorkflowFailedError).cause?.message ?? '';
    expect(message).toMatch(/^report input is invalid: /);
    const events = await rawEvents('default', workflowId);
    const failure = events.find((e) => e.workflowExecutionFailedEventAttributes)!.workflowExecutionFailedEventAttributes!.failure!;
    expect(failure.message).toBe('Encoded failure');
    expect(Buffer.from(failure.encodedAttributes!.metadata!.encoding!).toString()).toBe(ENCRYPTED_ENCODING);
    expect(bytesOf(events).includes('report input is invalid')).toBe(false);
    const [attrs] = await codecOf(APP_KEYS).decode([failure.encodedAttributes!]);
    expect(JSON.parse(Buffer.from(attrs!.data!).toString('utf8'))).toMatchObject({ message, stack_trace: expect.any(String) });
  });
});
