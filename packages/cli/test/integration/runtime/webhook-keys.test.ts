/**
 * Webhook keys end to end through the real binary: `flowops keys create` prints a key once, a
 * `flowops gateway` process starts a run with it, `keys list` shows its last use, `keys rotate`
 * replaces it, `keys revoke` makes the gateway answer 401.
 */
import { afterAll, beforeAll, expect, test } from 'vitest';
import { type WebhookBench, hook, printedKey, webhookBench } from './webhook-helpers';

let bench: WebhookBench;
beforeAll(async () => {
  bench = await webhookBench('hook-life', 'alice@example.com', { deployedSystemWorker: true }); // the security test runs the in-process default
});
afterAll(async () => {
  await bench?.close();
});

test('create → use → list shows last use → rotate → revoke → 401', { timeout: 240_000 }, async () => {
  const wf = bench.workflow.name;
  const created = await bench.flowops('keys', 'create', wf, '--env', 'local');
  expect(created.code, created.stderr).toBe(0);
  const { key, prefix } = printedKey(created.stdout);
  expect(created.stdout).toContain(`Created webhook key ${prefix} for ${wf} on local (by alice@example.com,`);
  expect(created.stdout).toContain('This is the only time the key is shown');

  const url = await bench.gateway();
  const started = await hook(url, wf, key);
  expect(started.status, JSON.stringify(started.body)).toBe(202);
  expect(started.body.statusUrl).toMatch(new RegExp(`^${url}/hooks/${wf}/runs/flowops-${wf}-`));

  let listed = await bench.flowops('keys', 'list', wf, '--env', 'local', '--json');
  for (let i = 0; i < 60 && !JSON.parse(listed.stdout || '{"keys":[]}').keys[0]?.lastUsedAt; i++) {
    await new Promise((r) => setTimeout(r, 500));
    listed = await bench.flowops('keys', 'list', wf, '--env', 'local', '--json');
  }
  expect(listed.code, listed.stderr).toBe(0);
  expect(JSON.parse(listed.stdout).keys).toEqual([
    { prefix, creator: 'alice@example.com', createdAt: expect.any(String), lastUsedAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT/) },
  ]);
  const table = await bench.flowops('keys', 'list', wf, '--env', 'local');
  expect(table.stdout).toMatch(new RegExp(`^PREFIX +STATE +CREATOR +CREATED +LAST USE +REVOKED\\n${prefix} +active +alice@example\\.com +\\S+ +\\d{4}-`));

  const rotated = await bench.flowops('keys', 'rotate', wf, prefix, '--env', 'local');
  expect(rotated.code, rotated.stderr).toBe(0);
  const fresh = printedKey(rotated.stdout);
  expect(fresh.prefix).not.toBe(prefix);
  expect(rotated.stdout).toContain(`Revoked ${prefix}`);
  expect((await hook(url, wf, key)).status).toBe(401);
  expect((await hook(url, wf, fresh.key)).status).toBe(202);

  const revoked = await bench.flowops('keys', 'revoke', wf, fresh.prefix, '--env', 'local');
  expect(revoked.code, revoked.stderr).toBe(0);
  expect(revoked.stdout).toContain(`Revoked ${fresh.prefix} of ${wf} on local`);
  const refused = await hook(url, wf, fresh.key);
  expect(refused).toMatchObject({ status: 401, body: { code: 'FLOW_WEBHOOK_UNAUTHORIZED' } });

  const unknown = await bench.flowops('keys', 'revoke', wf, 'flk_00000000', '--env', 'local');
  expect(unknown.code).toBe(1);
  expect(unknown.stderr).toMatch(/has no key with prefix flk_00000000 — To fix: .*\[FLOW_KEY_UNKNOWN\]/);
  const after = JSON.parse((await bench.flowops('keys', 'list', wf, '--env', 'local', '--json')).stdout).keys;
  expect(after.map((k: { prefix: string; revokedAt?: string }) => [k.prefix, Boolean(k.revokedAt)]).sort()).toEqual(
    [
      [fresh.prefix, true],
      [prefix, true],
    ].sort(),
  );
});
