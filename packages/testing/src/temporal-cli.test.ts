import { chmodSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import { formatIssue } from '@flowops/core';
import { ensureTemporalCli, findTemporalCli, provisioningFailure, temporalCacheDir, TEMPORAL_CLI_MODULE, TEMPORAL_CLI_VERSION } from './temporal-cli';

let root: string;
beforeEach(() => {
  root = mkdtempSync(join(tmpdir(), 'flowops-cli-'));
});
afterEach(() => rmSync(root, { recursive: true, force: true }));

/** Writes an executable shell script at `path`. */
function script(path: string, body = 'exit 0'): string {
  mkdirSync(join(path, '..'), { recursive: true });
  writeFileSync(path, `#!/bin/sh\n${body}\n`);
  chmodSync(path, 0o755);
  return path;
}

const cacheBin = () => join(root, 'cache', 'flowops', 'bin', 'temporal');
const baseEnv = () => ({ HOME: join(root, 'home'), XDG_CACHE_HOME: join(root, 'cache'), PATH: join(root, 'empty') });

describe('findTemporalCli', () => {
  test('the cache lives under XDG_CACHE_HOME, else ~/.cache', () => {
    expect(temporalCacheDir({ XDG_CACHE_HOME: '/x' })).toBe('/x/flowops/bin');
    expect(temporalCacheDir({ HOME: '/home/me' })).toBe('/home/me/.cache/flowops/bin');
  });

  test('FLOWOPS_TEMPORAL_CLI wins over PATH and the cache', () => {
    const explicit = script(join(root, 'explicit', 'my-temporal'));
    script(join(root, 'pathdir', 'temporal'));
    script(cacheBin());
    const found = findTemporalCli({ env: { ...baseEnv(), FLOWOPS_TEMPORAL_CLI: explicit, PATH: join(root, 'pathdir') } });
    expect(found).toEqual({ ok: true, value: { kind: 'binary', path: explicit, source: 'env' } });
  });

  test('PATH wins over the cache; non-executable files on PATH are skipped', () => {
    mkdirSync(join(root, 'a'));
    writeFileSync(join(root, 'a', 'temporal'), 'not executable');
    const onPath = script(join(root, 'b', 'temporal'));
    script(cacheBin());
    const found = findTemporalCli({ env: { ...baseEnv(), PATH: [join(root, 'a'), join(root, 'b')].join(':') } });
    expect(found).toEqual({ ok: true, value: { kind: 'binary', path: onPath, source: 'path' } });
  });

  test('the cache is used when nothing else is there', () => {
    script(cacheBin());
    expect(findTemporalCli({ env: baseEnv() })).toEqual({ ok: true, value: { kind: 'binary', path: cacheBin(), source: 'cache' } });
  });

  test('nothing found is not an error', () => {
    expect(findTemporalCli({ env: baseEnv() })).toEqual({ ok: true, value: undefined });
  });

  test('a FLOWOPS_TEMPORAL_CLI that is not executable is reported, not skipped', () => {
    script(cacheBin());
    const found = findTemporalCli({ env: { ...baseEnv(), FLOWOPS_TEMPORAL_CLI: join(root, 'missing') } });
    expect(found.ok).toBe(false);
    if (found.ok) return;
    expect(formatIssue(found.issues[0]!)).toMatch(/FLOWOPS_TEMPORAL_CLI is set to .*missing.*To fix: .*\[FLOW_TEMPORAL_UNREACHABLE\]$/);
  });
});

describe('ensureTemporalCli', () => {
  test('builds into the cache with go install when go is on PATH, streaming progress', async () => {
    const argsFile = join(root, 'go-args');
    // A fake `go` that records its arguments and GOBIN and "builds" a binary there.
    script(
      join(root, 'gobin', 'go'),
      `echo "$@" > ${argsFile}\necho "GOBIN=$GOBIN" >> ${argsFile}\necho "compiling..." >&2\n/bin/mkdir -p "$GOBIN" && printf '#!/bin/sh\\n' > "$GOBIN/temporal" && /bin/chmod +x "$GOBIN/temporal"`,
    );
    const logs: string[] = [];
    const result = await ensureTemporalCli({ env: { ...baseEnv(), PATH: join(root, 'gobin') }, log: (s) => logs.push(s) });
    expect(result).toEqual({ ok: true, value: { kind: 'binary', path: cacheBin(), source: 'go-install' } });
    const recorded = readFileSync(argsFile, 'utf8');
    expect(recorded).toContain(`install -v ${TEMPORAL_CLI_MODULE}@${TEMPORAL_CLI_VERSION}`);
    expect(recorded).toContain(`GOBIN=${join(root, 'cache', 'flowops', 'bin')}`);
    expect(logs.join('')).toMatch(/building the Temporal dev server with go install \(takes a few minutes\)…[\s\S]*compiling\.\.\./);
  });

  test('a failing go install is a coded failure with go output', async () => {
    script(join(root, 'gobin', 'go'), 'echo "go: module lookup disabled" >&2; exit 1');
    const result = await ensureTemporalCli({ env: { ...baseEnv(), PATH: join(root, 'gobin') }, log: () => {} });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.issues[0]?.code).toBe('FLOW_TEMPORAL_UNREACHABLE');
    expect(result.issues[0]?.message).toMatch(/exited with code 1:[\s\S]*module lookup disabled/);
  });

  test('an existing binary is used without building', async () => {
    script(cacheBin());
    script(join(root, 'gobin', 'go'), 'exit 1');
    const result = await ensureTemporalCli({ env: { ...baseEnv(), PATH: join(root, 'gobin') }, log: () => {} });
    expect(result).toEqual({ ok: true, value: { kind: 'binary', path: cacheBin(), source: 'cache' } });
  });

  test('without go, falls back to the @temporalio/testing download and says what was tried', async () => {
    const result = await ensureTemporalCli({ env: baseEnv(), log: () => {} });
    expect(result.ok).toBe(true);
    if (!result.ok || result.value.kind !== 'sdk-download') throw new Error('expected the sdk-download fallback');
    expect(result.value.downloadDir).toBe(join(root, 'cache', 'flowops', 'bin'));
    const message = formatIssue(provisioningFailure(result.value.tried, 'getaddrinfo ENOTFOUND temporal.download'));
    expect(message).toMatch(
      /tried FLOWOPS_TEMPORAL_CLI \(unset\), `temporal` on PATH \(not found\), the cache .* \(missing\), go install \(`go` is not on PATH\)/,
    );
    expect(message).toMatch(/To fix: install Go .*tools\/dev-server\.ts --install-only.*FLOWOPS_TEMPORAL_CLI.*\[FLOW_TEMPORAL_UNREACHABLE\]$/);
  });
});
