import { Workflow } from '@flowops/core';
import github from '@flowops/plugin-github';
import http from '@flowops/plugin-http';
import slack from '@flowops/plugin-slack';
import type { PluginContract } from '@flowops/sdk';
import { describe, expect, test } from 'vitest';
import { SAMPLES } from '../test/secret-samples';
import type { Catalog } from './catalog';
import { checkSecrets } from './check-secrets';
import type { Report } from './context';

const catalog: Catalog = {
  plugins: new Map<string, PluginContract>([
    ['http', http],
    ['github', github],
    ['slack', slack],
  ]),
  diagnostics: [],
};

type Found = Parameters<Report>[0];

function check(steps: unknown[], extra: Record<string, unknown> = {}): Found[] {
  const ir = Workflow.parse({
    apiVersion: 'flowops/v1',
    kind: 'Workflow',
    name: 'w',
    version: '1.0.0',
    owner: '@acme/sre',
    input: { type: 'object' },
    steps,
    ...extra,
  });
  const found: Found[] = [];
  checkSecrets(ir, (d) => found.push(d), catalog);
  return found;
}

const get = (withValue: Record<string, unknown>, id = 'call') => ({
  id,
  type: 'action',
  uses: 'http.get@1',
  effect: 'read',
  with: { url: 'https://api.example.com', ...withValue },
});
const issue = (withValue: Record<string, unknown>) => ({
  id: 'open',
  type: 'action',
  uses: 'github.createIssue@1',
  effect: 'write',
  with: { owner: 'acme', repo: 'api', title: 't', ...withValue },
});

describe('no guessing from key names', () => {
  test("plain values under secret-looking keys pass (secretStore: 'vault', tokenType: 'bearer', …)", () => {
    expect(
      check([
        get({ body: { secretStore: 'vault', tokenType: 'bearer', passwordPolicy: 'strict', apiKeyHeader: 'X-Api-Key', privateKeyPath: '/etc/key.pem' } }),
        { id: 'child', type: 'call', workflow: 'other', with: { secretName: 'db-password', tokenTtl: '1h' } },
      ]),
    ).toEqual([]);
  });

  test('secret references, step outputs and templates with secrets pass in credential fields', () => {
    expect(
      check([
        get({ headers: { Authorization: 'Bearer {{ secret.API_TOKEN }}' } }, 'a'),
        get({ headers: { authorization: '{{ steps.a.output.body }}' } }, 'b'),
        issue({ token: '{{ secret.GITHUB_TOKEN }}' }),
      ]),
    ).toEqual([]);
  });
});

describe('by value shape', () => {
  test('a known format is flagged with its kind, under any key, and the hint is neutral', () => {
    const [d, ...rest] = check([get({ body: { note: `use ${SAMPLES.github}` } })]);
    expect(rest).toEqual([]);
    expect(d).toMatchObject({ code: 'FLOW_HARDCODED_SECRET', step: 'call', path: ['steps', 0, 'with', 'body', 'note'] });
    expect(d!.message).toBe('step "call": with.body.note holds a hard-coded secret: it looks like a GitHub token (ghp_…)');
    expect(d!.hint).toContain("secret('NAME')");
  });

  test('in a field the plugin documents, the hint names its secret', () => {
    const [d] = check([issue({ token: SAMPLES.github })]);
    expect(d!.message).toContain('looks like a GitHub token (ghp_…)');
    expect(d!.hint).toContain('use secret(\'GITHUB_TOKEN\') (in YAML "{{ secret.GITHUB_TOKEN }}")');
    expect(d!.hint).toContain('FLOWOPS_SECRET_GITHUB_TOKEN');
  });

  test('a high-entropy string is flagged as a random credential', () => {
    const [d] = check([get({ query: { key: SAMPLES.random } })]);
    expect(d!.message).toContain('looks like a random credential (a high-entropy string of 32 characters)');
  });

  test('a URL with credentials is flagged', () => {
    const [d] = check([get({ url: SAMPLES.urlCredentials })]);
    expect(d!.message).toBe('step "call": with.url holds a hard-coded secret: it looks like a URL with credentials (user:password@…)');
  });

  test('only the literal parts of a template are read', () => {
    expect(check([get({ url: 'https://{{ secret.USER }}:{{ secret.PASS }}@registry.example.com/' })])).toEqual([]);
    expect(check([get({ headers: { 'X-Note': `{{ input.a }} ${SAMPLES.slack}` } })])[0]!.message).toContain('a Slack token (xoxb…)');
  });

  test('outputs, trigger inputs and compensations are scanned', () => {
    const found = check(
      [
        {
          id: 'post',
          type: 'action',
          uses: 'http.request@1',
          effect: 'write',
          with: { method: 'POST', url: 'https://x.example' },
          compensate: { uses: 'http.request@1', effect: 'write', with: { method: 'DELETE', url: SAMPLES.urlCredentials } },
        },
      ],
      { output: { key: SAMPLES.aws }, triggers: [{ type: 'cron', schedule: '0 * * * *', input: { t: SAMPLES.jwt } }] },
    );
    expect(found.map((d) => [d.step ?? '-', d.path!.join('.')])).toEqual([
      ['post', 'steps.0.compensate.with.url'],
      ['-', 'output.key'],
      ['-', 'triggers.0.input.t'],
    ]);
  });
});

describe('by data flow', () => {
  test("env() reaching an Authorization header is FLOW_CREDENTIAL_NOT_SECRET, hinting the env's name", () => {
    const [d, ...rest] = check([get({ headers: { Authorization: 'Bearer {{ env.API_TOKEN }}' } })]);
    expect(rest).toEqual([]);
    expect(d).toMatchObject({ code: 'FLOW_CREDENTIAL_NOT_SECRET', step: 'call', path: ['steps', 0, 'with', 'headers', 'Authorization'] });
    expect(d!.message).toBe(
      "step \"call\": with.headers.Authorization takes env('API_TOKEN'), an env() value, which travels in the run's input and history like any data; http.get expects a credential here",
    );
    expect(d!.hint).toContain("use secret('API_TOKEN')");
  });

  test("env() reaching a plugin's token uses the plugin's documented secret name", () => {
    const [d] = check([issue({ token: '{{ env.GH }}' })]);
    expect(d).toMatchObject({ code: 'FLOW_CREDENTIAL_NOT_SECRET' });
    expect(d!.hint).toContain("use secret('GITHUB_TOKEN')");
  });

  test('a workflow input reaching a sensitive field is flagged', () => {
    const [d] = check([{ id: 'ping', type: 'action', uses: 'slack.postMessage@1', effect: 'write', with: { webhookUrl: '{{ input.hook }}', text: 'hi' } }]);
    expect(d).toMatchObject({ code: 'FLOW_CREDENTIAL_NOT_SECRET', step: 'ping' });
    expect(d!.message).toContain("takes input.hook, a workflow input, which is kept in the run's history");
    expect(d!.hint).toContain("use secret('SLACK_WEBHOOK_URL')");
  });

  test('a plain literal in a field the plugin marks sensitive is a hard-coded secret', () => {
    const [d] = check([issue({ token: 'hunter2' })]);
    expect(d).toMatchObject({ code: 'FLOW_HARDCODED_SECRET' });
    expect(d!.message).toBe('step "open": with.token holds a hard-coded secret: a literal value where github.createIssue expects a credential here');
    expect(d!.message).not.toContain('hunter2');
  });

  test('credential names count for any action and for call inputs, but only for data flowing in', () => {
    const found = check([
      { id: 'x', type: 'action', uses: 'custom.thing@1', effect: 'write', with: { password: '{{ env.DB_PASSWORD }}', token: 'plain' } },
      { id: 'child', type: 'call', workflow: 'other', with: { apiKey: '{{ input.key }}' } },
    ]);
    expect(found.map((d) => [d.code, d.step])).toEqual([
      ['FLOW_CREDENTIAL_NOT_SECRET', 'x'],
      ['FLOW_CREDENTIAL_NOT_SECRET', 'child'],
    ]);
  });

  test('env() in fields that are not credentials passes (a URL base, a tokenType)', () => {
    expect(check([get({ url: '{{ env.API_BASE }}/health', query: { tokenType: '{{ env.KIND }}' } })])).toEqual([]);
  });
});
