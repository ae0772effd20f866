/**
 * Policy as code through the real `flowops` binary, in a fresh git repository: `check` shows
 * violations in every format (and nothing new without a policy file), `--env` narrows it to one
 * environment, a policy file that never loads ends with FLOW_LOAD_ERROR within the limit,
 * `plan --env` lists the violations and exits 1, `publish --env` refuses them (FLOW_POLICY_VIOLATION,
 * nothing published: the plan still says `new`) — unless, in GitHub Actions, the pull request merged
 * as the commit has an owner's waiver in the flowops App's check run (the fake GitHub).
 */
import { CHECK_RUN_WAIVERS_MARKER } from '@flowops/github-app';
import { startCapabilityHeartbeat } from '@flowops/runtime';
import { startFakeGitHub } from '@flowops/testing-github';
import { testTemporalAddress } from '@flowops/testing/vitest';
import { Client, Connection } from '@temporalio/client';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { unique } from '../gitops/helpers';
import { type BinaryRun, type FlowRepo, flowRepo, runFlowops } from '../gitops/repo';

const taskQueue = unique('policy-tq');
let repo: FlowRepo;
let connection: Connection | undefined;
let heartbeat: { stop(): Promise<void> } | undefined;

function flowops(args: string[], env: Record<string, string> = {}): Promise<BinaryRun> {
  return runFlowops(args, {
    cwd: repo.dir,
    env: { FLOWOPS_TEMPORAL_ADDRESS: testTemporalAddress(), FLOWOPS_TASK_QUEUE: taskQueue, FLOWOPS_ACTOR: 'policy-it', ...env },
  });
}

const POLICY = `import { definePolicy, policyRules } from '@flowops/sdk';
export default definePolicy({
  name: 'production-safety',
  owners: ['@acme/platform', '@alice'],
  rules: [
    policyRules.writesNeedApprovalOrCompensation({ environments: ['local'] }),
    policyRules.httpAllowedHosts(['api.acme.com']),
    policyRules.ownersInCodeowners(),
  ],
});
`;
const WORKFLOW = `name: ship
owner: "@acme/platform"
defaults:
  retry: { maxAttempts: 3 }
  timeout: 30s
steps:
  - id: hello
    uses: log.write@1
    with: { message: hi }
  - id: notify
    uses: http.request@1
    with: { method: POST, url: "https://evil.example.com/hook" }
`;

beforeAll(async () => {
  // a live worker serving the workflow's actions: without the policy, publish would go through
  connection = await Connection.connect({ address: testTemporalAddress() });
  const client = new Client({ connection, namespace: 'default' });
  heartbeat = await startCapabilityHeartbeat(client, { taskQueue, identity: 'policy-it', actions: ['log.write@1', 'http.request@1'], intervalMs: 5_000 });
  repo = flowRepo(unique('policy'));
  repo.commit('a workflow', {
    'workflows/ship/package.json': `${JSON.stringify({ name: '@workflows/ship', version: '1.0.0', private: true })}\n`,
    'workflows/ship/workflow.yaml': WORKFLOW,
    '.github/CODEOWNERS': '* @acme/platform\n',
  });
});
afterAll(async () => {
  await heartbeat?.stop();
  await connection?.close();
  repo?.[Symbol.dispose]();
});

describe('policy as code through the binary', () => {
  test('without a policy file, check is as before: clean, no policy output', { timeout: 120_000 }, async () => {
    const r = await flowops(['check']);
    expect(r.code, r.stdout + r.stderr).toBe(0);
    expect(r.stdout).toBe('✔ 1 workflow checked: no problems\n');
    expect(r.stderr).not.toContain('policy');
  });

  test('check shows the violations in every format, exit 1', { timeout: 180_000 }, async () => {
    repo.commit('the policy', { 'flowops.policy.ts': POLICY });
    const pretty = await flowops(['check']);
    expect(pretty.code).toBe(1);
    expect(pretty.stdout).toContain('workflows/ship/workflow.yaml:10:5 error FLOW_POLICY_VIOLATION (ship › notify)');
    expect(pretty.stdout).toContain(
      'policy production-safety / http-allowed-hosts: step "notify" calls evil.example.com, which is not an allowed host (api.acme.com)',
    );
    expect(pretty.stdout).toContain(
      'policy production-safety / writes-need-approval-or-compensation: step "notify" writes in local without an approval or a compensation',
    );
    expect(pretty.stdout).toContain('or ask an owner of production-safety (@acme/platform, @alice) to comment `/flowops approve-policy production-safety`');
    expect(pretty.stdout).toContain('✖ 1 workflow checked: 2 errors, 0 warnings');

    const json = await flowops(['check', '--format', 'json']);
    expect(json.code).toBe(1);
    const diagnostics = (JSON.parse(json.stdout) as { diagnostics: { code: string; step: string; line: number }[] }).diagnostics;
    expect(diagnostics.map((d) => [d.code, d.step, d.line])).toEqual([
      ['FLOW_POLICY_VIOLATION', 'notify', 10],
      ['FLOW_POLICY_VIOLATION', 'notify', 10],
    ]);

    const github = await flowops(['check', '--format', 'github']);
    expect(github.stdout).toContain(
      '::error file=workflows/ship/workflow.yaml,line=10,col=5,title=FLOW_POLICY_VIOLATION::policy production-safety / http-allowed-hosts',
    );

    const sarif = await flowops(['check', '--format', 'sarif']);
    const run = (JSON.parse(sarif.stdout) as { runs: { results: { ruleId: string; level: string }[] }[] }).runs[0]!;
    expect(run.results.map((x) => [x.ruleId, x.level])).toEqual([
      ['FLOW_POLICY_VIOLATION', 'error'],
      ['FLOW_POLICY_VIOLATION', 'error'],
    ]);
  });

  test('--env evaluates one environment; an unknown one is refused', { timeout: 120_000 }, async () => {
    repo.write({
      'flowops.config.ts': "import { defineConfig } from '@flowops/sdk';\nexport default defineConfig({ environments: { local: {}, staging: {} } });\n",
    });
    const staging = await flowops(['check', '--env', 'staging', '--format', 'json']);
    // the approval rule applies to local only; the host rule everywhere
    expect((JSON.parse(staging.stdout) as { diagnostics: { message: string }[] }).diagnostics.map((d) => d.message.split(':')[0])).toEqual([
      'policy production-safety / http-allowed-hosts',
    ]);
    // a set whose only rule applies to local: fine over every environment, "no rule ran" in staging alone
    const localOnly =
      "definePolicy({ name: 'local-only', owners: ['@alice'], rules: [policyRules.writesNeedApprovalOrCompensation({ environments: ['local'] })] })";
    repo.write({
      'flowops.policy.ts': POLICY.replace('export default definePolicy(', `export default [${localOnly}, definePolicy(`).replace(/\);\n$/, ')];\n'),
    });
    const codes = async (...args: string[]) =>
      (JSON.parse((await flowops(['check', '--format', 'json', ...args])).stdout) as { diagnostics: { code: string; message: string }[] }).diagnostics.map(
        (d) => `${d.code} ${d.message.split(':')[0]}`,
      );
    expect(await codes()).not.toContain('FLOW_POLICY_NO_RULES_RAN policy local-only');
    expect(await codes('--env', 'staging')).toEqual([
      'FLOW_POLICY_NO_RULES_RAN policy local-only',
      'FLOW_POLICY_VIOLATION policy production-safety / http-allowed-hosts',
    ]);
    repo.write({ 'flowops.policy.ts': POLICY });
    const unknown = await flowops(['check', '--env', 'prod']);
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toContain('[FLOW_UNKNOWN_ENVIRONMENT]');
    repo.write({ 'flowops.config.ts': null });
  });

  test('a policy file that never finishes loading: FLOW_LOAD_ERROR at flowops.policy.ts within the limit', { timeout: 120_000 }, async () => {
    repo.write({ 'flowops.policy.ts': `while (true) {}\n${POLICY}` });
    const started = Date.now();
    const r = await flowops(['check', '--format', 'json'], { FLOWOPS_LOAD_TIMEOUT_MS: '3000' });
    expect(Date.now() - started).toBeLessThan(60_000);
    expect(r.code).toBe(1);
    expect((JSON.parse(r.stdout) as { diagnostics: unknown[] }).diagnostics).toEqual([
      expect.objectContaining({ code: 'FLOW_LOAD_ERROR', file: 'flowops.policy.ts', message: 'flowops.policy.ts did not finish loading within 3 s' }),
    ]);
    repo.write({ 'flowops.policy.ts': POLICY });
  });

  test('plan --env lists the violations and exits 1; publish --env refuses them and publishes nothing', { timeout: 240_000 }, async () => {
    const plan = await flowops(['plan', '--env', 'local']);
    expect(plan.code, plan.stderr).toBe(1);
    expect(plan.stdout).not.toContain('refused');
    expect(plan.stdout).toContain('Policy (flowops.policy.ts):');
    expect(plan.stdout).toContain('error FLOW_POLICY_VIOLATION (ship › notify)');

    const publish = await flowops(['publish', '--env', 'local']);
    expect(publish.code).toBe(1);
    expect(publish.stderr).toContain('publish to local refused: 2 policy violations (listed above); nothing was published');
    expect(publish.stderr).toMatch(/\[FLOW_POLICY_VIOLATION\]\n$/);
    expect(publish.stdout).toContain('policy production-safety / http-allowed-hosts');

    const after = await flowops(['plan', '--env', 'local', '--format', 'json']);
    const parsed = JSON.parse(after.stdout) as { entries: { name: string; status: string }[]; policy: { code: string }[] };
    expect(parsed.entries.find((e) => e.name === 'ship')?.status).toBe('new');
    expect(parsed.policy.map((d) => d.code)).toEqual(['FLOW_POLICY_VIOLATION', 'FLOW_POLICY_VIOLATION']);
  });

  test('in GitHub Actions, a waiver on the merged pull request (the App’s check run) lets publish through; another app’s does not', {
    timeout: 240_000,
  }, async () => {
    const gh = await startFakeGitHub();
    try {
      const ghRepo = gh.state.addRepo('acme', 'flows', 7);
      gh.state.tokens.set('ghs_publish', { installationId: 7, expiresAt: Date.now() + 3_600_000 });
      const head = 'a'.repeat(40);
      const merge = repo.git('rev-parse', 'HEAD');
      const pr = gh.state.addPull(ghRepo, 12, { headSha: head, headRef: 'ship', baseRef: 'main', headRepo: 'acme/flows' });
      pr.pull!.mergeCommitSha = merge;
      pr.pull!.mergedAt = new Date().toISOString();
      const text = `${CHECK_RUN_WAIVERS_MARKER}${JSON.stringify([{ set: 'production-safety', approvedBy: '@alice', sha: head }])} -->`;
      const run = { id: 5001, name: 'flowops', headSha: head, status: 'completed', conclusion: 'success', output: { text }, annotations: [] };
      const actions = { GITHUB_TOKEN: 'ghs_publish', GITHUB_REPOSITORY: 'acme/flows', GITHUB_API_URL: gh.url, GITHUB_SHA: merge };

      ghRepo.checkRuns.set(run.id, { ...run, app: 'github-actions' });
      const forged = await flowops(['publish', '--env', 'local'], actions);
      expect(forged.code).toBe(1);
      expect(forged.stderr).toContain('[FLOW_POLICY_VIOLATION]');

      ghRepo.checkRuns.set(run.id, run);
      const published = await flowops(['publish', '--env', 'local'], actions);
      expect(published.code, published.stdout + published.stderr).toBe(0);
      expect(published.stderr).toContain('flowops publish: policy waivers of pull request #12: production-safety by @alice');
      expect(published.stdout).toContain('warning FLOW_POLICY_VIOLATION (ship › notify)');
      expect(published.stdout).toContain('waived by @alice: policy production-safety / http-allowed-hosts');
      const after = JSON.parse((await flowops(['plan', '--env', 'local', '--format', 'json'])).stdout) as { entries: { name: string; status: string }[] };
      expect(after.entries.find((e) => e.name === 'ship')?.status).toBe('unchanged');
    } finally {
      await gh.close();
    }
  });
});
