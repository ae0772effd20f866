/**
 * `flowops check` through the real binary, in a fresh git repository: a GitHub token written into
 * a workflow is reported with its kind ("looks like a GitHub token (ghp_…)") and never printed —
 * not in the message, the code frame or the JSON; an `env()` value in a plugin's token field is
 * FLOW_CREDENTIAL_NOT_SECRET with the plugin's documented secret name; `tokenType: bearer` passes.
 */
import { spawnSync } from 'node:child_process';
import { leakedEncodings } from '@flowops/testing/vitest';
import { expect, test } from 'vitest';
import { unique } from './gitops/helpers';
import { BIN, flowRepo } from './gitops/repo';

// A fake token, assembled so that secret scanners do not take this file for a leak.
const TOKEN = ['ghp', '_', 'Zq8Xv4Rk7Pm3Nc6Yh1Jb5Gd0Fs8Lw2Tt9Ua'].join('');

const WORKFLOW = `name: leaky
owner: "@acme/sre"
defaults:
  retry: { maxAttempts: 3 }
  timeout: 30s
steps:
  - id: open-issue
    uses: github.createIssue@1
    with: { owner: acme, repo: api, title: hi, token: "{{ env.GITHUB_TOKEN }}" }
  - id: fetch
    uses: http.get@1
    with:
      url: https://api.example.com
      headers:
        Authorization: "token ${TOKEN}"
      query: { tokenType: bearer, secretStore: vault }
`;

test('check names the kind of secret and the documented secret, and never prints the token', { timeout: 240_000 }, () => {
  using repo = flowRepo(unique('check-secrets'));
  repo.commit('leaky workflow', {
    'flowops.config.ts':
      "import { defineConfig } from '@flowops/sdk';\nexport default defineConfig({ environments: { local: { env: { GITHUB_TOKEN: 'unused' } } } });\n",
    'workflows/leaky/package.json': `${JSON.stringify({ name: '@workflows/leaky', version: '1.0.0', private: true })}\n`,
    'workflows/leaky/workflow.yaml': WORKFLOW,
  });
  const flowops = (...args: string[]) => {
    const r = spawnSync(process.execPath, [BIN, ...args], {
      cwd: repo.dir,
      encoding: 'utf8',
      env: { ...process.env, NO_COLOR: '1', CI: '' },
      timeout: 180_000,
    });
    return { code: r.status, out: r.stdout ?? '', err: r.stderr ?? '' };
  };

  const pretty = flowops('check');
  expect(pretty.code, pretty.out + pretty.err).toBe(1);
  expect(pretty.out).toContain('FLOW_HARDCODED_SECRET');
  expect(pretty.out).toContain('step "fetch": with.headers.Authorization holds a hard-coded secret: it looks like a GitHub token (ghp_…)');
  expect(pretty.out).toContain('FLOW_CREDENTIAL_NOT_SECRET');
  expect(pretty.out).toContain(`step "open-issue": with.token takes env('GITHUB_TOKEN')`);
  expect(pretty.out).toContain(`To fix: use secret('GITHUB_TOKEN') (in YAML "{{ secret.GITHUB_TOKEN }}")`);
  expect(pretty.out).toContain('Authorization: ****'); // the code frame
  expect(leakedEncodings(pretty.out + pretty.err, TOKEN)).toEqual([]);

  const json = flowops('check', '--format', 'json');
  expect(json.code).toBe(1);
  expect(leakedEncodings(json.out + json.err, TOKEN)).toEqual([]);
  const report = JSON.parse(json.out) as { diagnostics: { code: string; step: string | null; message: string }[] };
  // tokenType: bearer and secretStore: vault are plain values: nothing else is reported.
  expect(report.diagnostics.map((d) => `${d.code} ${d.step}`)).toEqual(['FLOW_CREDENTIAL_NOT_SECRET open-issue', 'FLOW_HARDCODED_SECRET fetch']);
});
