import { describe, expect, it } from 'vitest';
import { renderSkipReply } from '../render/index';
import { authorize } from './authorize';
import { parseCommands } from './parse-command';

const environments = { staging: { runners: [], protected: false }, production: { runners: ['acme/sre', 'root'], protected: true } };
const cmd = (text: string) => parseCommands(text)[0]!;

describe('/flowops skip', () => {
  it('parses a run id, a step key and a quoted reason (and --env)', () => {
    expect(cmd('/flowops skip flowops-backfill-1a2b3c4d-9f8e load --reason "partner API down; loaded by hand"')).toEqual({
      kind: 'skip',
      runId: 'flowops-backfill-1a2b3c4d-9f8e',
      step: 'load',
      reason: 'partner API down; loaded by hand',
      env: undefined,
      line: expect.any(String),
    });
    expect(cmd('/flowops skip flowops-x-1 each[3].put --env=production --reason=ok')).toMatchObject({
      kind: 'skip',
      step: 'each[3].put',
      env: 'production',
      reason: 'ok',
    });
  });

  it('refuses a missing reason, a missing step, odd ids and unknown options, saying why', () => {
    expect(cmd('/flowops skip flowops-x-1 load')).toMatchObject({ kind: 'invalid', error: expect.stringContaining('--reason') });
    expect(cmd('/flowops skip flowops-x-1 load --reason "  "')).toMatchObject({ kind: 'invalid', error: expect.stringContaining('--reason') });
    expect(cmd('/flowops skip flowops-x-1 --reason x')).toMatchObject({ kind: 'invalid', error: expect.stringContaining('a run id and a step') });
    expect(cmd('/flowops skip "flowops x;rm" load --reason x')).toMatchObject({ kind: 'invalid', error: expect.stringContaining('is not a run id') });
    expect(cmd('/flowops skip flowops-x-1 Load/../x --reason x')).toMatchObject({ kind: 'invalid', error: expect.stringContaining('is not a step id') });
    expect(cmd('/flowops skip flowops-x-1 load --reason x --force')).toMatchObject({
      kind: 'invalid',
      error: expect.stringContaining('unknown option "--force"'),
    });
  });

  it('needs what a run there needs: write access, and on a protected environment a runner', () => {
    const staging = cmd('/flowops skip flowops-x-1 load --reason x');
    expect(authorize({ command: staging, login: 'u', access: 'write', environments, runnerMatch: undefined })).toEqual({ allowed: true, env: 'staging' });
    expect(authorize({ command: staging, login: 'u', access: 'read', environments, runnerMatch: undefined })).toMatchObject({
      allowed: false,
      reason: expect.stringMatching(/`\/flowops skip` needs write access/),
    });
    const prod = cmd('/flowops skip flowops-x-1 load --reason x --env production');
    expect(authorize({ command: prod, login: 'u', access: 'admin', environments, runnerMatch: undefined })).toMatchObject({ allowed: false });
    expect(authorize({ command: prod, login: 'root', access: 'write', environments, runnerMatch: 'root' })).toEqual({ allowed: true, env: 'production' });
  });

  it('replies with who skipped what and why, and the run link', () => {
    const text = renderSkipReply('octo', {
      runId: 'flowops-x-1',
      step: 'load',
      env: 'staging',
      reason: 'down | by hand',
      url: 'http://localhost:8233/namespaces/staging/workflows/flowops-x-1',
    });
    expect(text).toContain('@octo ⏭️ skipped step `load` of [flowops-x-1](http://localhost:8233/namespaces/staging/workflows/flowops-x-1) on **staging**');
    expect(text).toContain('Reason (recorded on the step): down \\| by hand');
  });
});
