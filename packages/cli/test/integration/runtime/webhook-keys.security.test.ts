/**
 * A webhook key is shown once (by `flowops keys create`) and is nowhere else: not in the output
 * of any other command, not in the gateway's log (accepted, refused, invalid requests), not in the
 * history of the keys workflow, of the registry or of the runs the key started (payloads decoded,
 * searched raw and in base64/hex/URL encodings).
 */
import { leakedEncodings } from '@flowops/testing/vitest';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { type WebhookBench, hook, printedKey, webhookBench } from './webhook-helpers';

let bench: WebhookBench;
beforeAll(async () => {
  bench = await webhookBench('hook-secret');
});
afterAll(async () => {
  await bench?.close();
});

/** A history as text with every payload's data both as sent (base64) and decoded. */
function historyText(history: unknown): string {
  return JSON.stringify(history, (k, v) => {
    if (v instanceof Uint8Array) return `${Buffer.from(v).toString('base64')} ${Buffer.from(v).toString('utf8')}`;
    if (k === 'data' && typeof v === 'string') return `${v} ${Buffer.from(v, 'base64').toString('utf8')}`; // protobuf JSON: bytes as base64
    return v;
  });
}

test('the key appears only in the output of keys create: not in logs, other output or any history', { timeout: 240_000 }, async () => {
  const wf = bench.workflow.name;
  const created = await bench.flowops('keys', 'create', wf, '--env', 'local');
  expect(created.code, created.stderr).toBe(0);
  const { key, prefix } = printedKey(created.stdout);
  expect(created.stdout.split(key)).toHaveLength(2); // printed exactly once

  const url = await bench.gateway();
  const ok = await hook(url, wf, key);
  expect(ok.status).toBe(202);
  const again = await hook(url, wf, key, { service: 'web' });
  expect(again.status).toBe(202);
  expect((await hook(url, wf, key, { nope: true })).status).toBe(422);
  expect((await hook(url, wf, `${key}x`)).status).toBe(401); // a near miss is not logged either
  const status = await fetch(ok.body.statusUrl, { headers: { 'x-flowops-key': key } });
  expect(status.status).toBe(200);
  const listed = await bench.flowops('keys', 'list', wf, '--env', 'local');
  expect(listed.stdout).toContain(prefix);
  const revoked = await bench.flowops('keys', 'revoke', wf, prefix, '--env', 'local');
  expect(revoked.code, revoked.stderr).toBe(0);
  expect((await hook(url, wf, key)).status).toBe(401);
  await bench.stopGateways(); // the gateway's whole log is in the output now

  const logs = bench.output().replace(created.stdout, '');
  expect(logs).toContain(`"prefix":"${prefix}"`); // the gateway logged the requests (by prefix)
  expect(leakedEncodings(logs, key)).toEqual([]);
  expect(leakedEncodings(logs, key.slice(13))).toEqual([]); // the secret part alone

  const ids = [`flowops-keys-${wf}`, `flowops-registry-${wf}`, ok.body.workflowId, again.body.workflowId];
  for (const id of ids) {
    const history = await bench.client.workflow.getHandle(id).fetchHistory();
    const text = historyText(history);
    expect(text.length, id).toBeGreaterThan(100);
    expect(leakedEncodings(text, key), id).toEqual([]);
    expect(leakedEncodings(text, key.slice(13)), id).toEqual([]);
  }
  const keysHistory = historyText(await bench.client.workflow.getHandle(`flowops-keys-${wf}`).fetchHistory());
  expect(keysHistory).toContain(prefix); // what is stored: the prefix and the hash
});
