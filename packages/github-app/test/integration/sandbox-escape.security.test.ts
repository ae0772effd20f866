/**
 * Security regression suite, compile sandbox: the escapes found by the attack on the App, each as a
 * hostile workflow module compiled through `compileInSandbox` the way a pull request's would be —
 * a worker thread with `execArgv: []`, reading the App's environment and key, signalling the App,
 * connecting to a loopback port (the Temporal frontend) or a Unix socket, allocating Buffers past
 * the memory limit — plus the OS fence alone (no Node permission flags), so that each fence is
 * shown to hold by itself. Runs as root in CI (the `namespaces` mode); elsewhere the OS-fence
 * tests are skipped with the reason printed.
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { type Server, createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { probeOsSandbox, resetOsSandboxProbe, wrapCommand } from '../../src/definitions/os-sandbox';
import { compileInSandbox, osSandbox } from '../../src/definitions/sandbox';

const appRoot = resolve(import.meta.dirname, '../../../..');
const dirs: string[] = [];
const servers: Server[] = [];
afterAll(() => {
  for (const s of servers) s.close();
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

function tree(files: Record<string, string>): string {
  const root = mkdtempSync(join(tmpdir(), 'flowops-escape-'));
  dirs.push(root);
  for (const [f, text] of Object.entries(files)) {
    mkdirSync(dirname(join(root, f)), { recursive: true });
    writeFileSync(join(root, f), text);
  }
  return root;
}

/** A workflow module named `name` whose description is what `attempt` (a JS function body) returned or threw. */
function hostile(name: string, attempt: string): Record<string, string> {
  return {
    [`workflows/${name}/package.json`]: JSON.stringify({ name: `@t/${name}`, version: '1.0.0', private: true, type: 'module' }),
    [`workflows/${name}/workflow.ts`]: `import { defineWorkflow, step } from '@flowops/sdk';
import log from '@flowops/plugin-log';
import { z } from 'zod';
const outcome = (() => { try { ${attempt} } catch (e) { return 'error:' + (e.code ?? e.name); } })();
export default defineWorkflow({
  name: '${name}', owner: '@acme/sre', description: String(outcome), input: z.object({}),
  defaults: { retry: { maxAttempts: 3 }, timeout: '30s' },
  steps: () => [step('note', log.write({ message: 'hi' }))],
});
`,
  };
}

async function compile(files: Record<string, string>, limits = {}) {
  const set = await compileInSandbox(tree(files), 'abc1234', appRoot, limits);
  return (name: string) => set.workflows.find((w) => w.name === name)?.ir.description ?? set.diagnostics.map((d) => `${d.code}: ${d.message}`).join('; ');
}

/** A loopback TCP server standing in for the Temporal frontend; counts connections. */
async function listener(): Promise<{ port: number; connections: () => number }> {
  let n = 0;
  const server = createServer((s) => {
    n++;
    s.destroy();
  });
  servers.push(server);
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return { port: (server.address() as { port: number }).port, connections: () => n };
}

const isRoot = process.getuid?.() === 0;
const secretDir = mkdtempSync(join(tmpdir(), 'flowops-app-secrets-'));
dirs.push(secretDir);
const keyFile = join(secretDir, 'private-key.pem');
writeFileSync(keyFile, '-----BEGIN PRIVATE KEY-----\nsandbox-escape-test\n', { mode: 0o644 });

describe('compile sandbox: attacks from the security review', () => {
  beforeAll(() => {
    resetOsSandboxProbe();
  });

  test('this CI host provides the OS sandbox (root: namespaces + nobody)', () => {
    const sandbox = osSandbox(appRoot);
    if (!isRoot) console.warn(`not root: sandbox mode ${sandbox.mode} (${sandbox.reason ?? ''})`);
    expect(sandbox.mode).toBe(isRoot ? 'namespaces' : sandbox.mode);
    expect(sandbox.mode).not.toBe('none');
  });

  test('a worker thread with execArgv: [] cannot be started, so it cannot read the App’s environment or key', async () => {
    process.env.FLOWOPS_WEBHOOK_SECRET = 'escape-test-secret';
    try {
      const code = `require('fs').writeFileSync(1, require('fs').readFileSync('/proc/${process.pid}/environ'))`;
      const get = await compile({
        ...hostile(
          'worker',
          `const { Worker } = require('node:worker_threads'); new Worker(${JSON.stringify(code)}, { eval: true, execArgv: [] }); return 'started';`,
        ),
        ...hostile(
          'environ',
          `return require('node:fs').readFileSync('/proc/${process.pid}/environ', 'utf8').includes('escape-test-secret') ? 'leaked' : 'read';`,
        ),
        ...hostile('key', `return require('node:fs').readFileSync(${JSON.stringify(keyFile)}, 'utf8');`),
      });
      expect(get('worker')).toBe('error:ERR_ACCESS_DENIED');
      expect(get('environ')).toBe('error:ERR_ACCESS_DENIED');
      expect(get('key')).toBe('error:ERR_ACCESS_DENIED');
    } finally {
      delete process.env.FLOWOPS_WEBHOOK_SECRET;
    }
  }, 90_000);

  test('sandboxed code cannot signal the App, its parent or any other process', async () => {
    const sentinel = spawn('sleep', ['120'], { stdio: 'ignore' });
    try {
      const get = await compile({
        ...hostile('parent', `process.kill(process.ppid, 'SIGTERM'); return 'sent to ' + process.ppid;`),
        ...hostile('app', `process.kill(${process.pid}, 'SIGTERM'); return 'sent';`),
        ...hostile('other', `process.kill(${sentinel.pid}, 'SIGKILL'); return 'sent';`),
        ...hostile('everyone', `process.kill(-1, 'SIGKILL'); return 'sent';`),
      });
      for (const name of ['app', 'other']) expect(get(name)).toMatch(/^error:(ESRCH|EPERM)$/);
      expect(sentinel.exitCode).toBeNull();
      expect(sentinel.signalCode).toBeNull();
      // The parent and "everyone" are inside the sandbox's own PID namespace; the App survived.
      expect(process.exitCode ?? 0).toBe(0);
    } finally {
      sentinel.kill('SIGKILL');
    }
  }, 90_000);

  test.runIf(isRoot)(
    'no loopback TCP (the Temporal frontend) and no Unix socket of the App is reachable',
    async () => {
      const tcp = await listener();
      const socketDir = mkdtempSync(join(tmpdir(), 'flowops-app-sock-'));
      dirs.push(socketDir);
      const socketPath = join(socketDir, 'app.sock');
      let unixConnections = 0;
      const unix = createServer((s) => {
        unixConnections++;
        s.destroy();
      });
      servers.push(unix);
      await new Promise<void>((r) => unix.listen(socketPath, r));
      const connect = (target: string) =>
        `const s = require('node:net').connect(${target}); s.on('error', () => {}); s.on('connect', () => s.destroy()); return 'tried';`;
      await compile({ ...hostile('tcp', connect(`${tcp.port}, '127.0.0.1'`)), ...hostile('unix', connect(JSON.stringify(socketPath))) });
      expect(tcp.connections()).toBe(0);
      expect(unixConnections).toBe(0);

      // Control: the same module with Node's permission model alone reaches the port — the network
      // fence is the OS sandbox's.
      resetOsSandboxProbe();
      probeOsSandbox([], { FLOWOPS_COMPILE_SANDBOX: 'permission-only' });
      try {
        await compile(hostile('tcp', connect(`${tcp.port}, '127.0.0.1'`)));
        expect(tcp.connections()).toBeGreaterThan(0);
      } finally {
        resetOsSandboxProbe();
      }
    },
    120_000,
  );

  test('Buffers count against the memory limit (the heap cap alone ignored them)', async () => {
    const get = await compile(
      hostile(
        'buffers',
        'const keep = []; for (let i = 0; i < 40; i++) keep.push(Buffer.alloc(64 * 1024 * 1024, 1)); return `allocated ${keep.length * 64} MB`;',
      ),
      {
        maxMemoryMb: 768,
      },
    );
    expect(get('buffers')).toMatch(/error:RangeError|FLOW_COMPILE_SANDBOX/);
  }, 90_000);
});

describe.runIf(isRoot)('the OS fence alone, without Node’s permission model', () => {
  /** Run `code` with plain `node -e` inside the OS sandbox only; resolves with its stdout. */
  function inOsSandbox(code: string): Promise<string> {
    resetOsSandboxProbe();
    const sandbox = osSandbox(appRoot);
    const [cmd, ...args] = wrapCommand(sandbox, [process.execPath, '-e', code], { maxMemoryMb: 1024, maxFileMb: 1 });
    return new Promise((resolveOut, reject) => {
      const child = spawn(cmd!, args, { env: { PATH: '/usr/bin:/bin' }, stdio: ['ignore', 'pipe', 'pipe'] });
      let out = '';
      let err = '';
      child.stdout.on('data', (b) => (out += b));
      child.stderr.on('data', (b) => (err += b));
      child.on('close', (status) => (status === 0 ? resolveOut(out.trim()) : reject(new Error(`exit ${status}: ${err}`))));
    });
  }

  test('runs as nobody in its own PID and network namespaces: the App’s key, /proc and loopback are out of reach', async () => {
    const tcp = await listener();
    const code = `
      const fs = require('fs');
      const attempt = (f) => { try { return String(f()); } catch (e) { return e.code; } };
      const net = require('net');
      const s = net.connect(${tcp.port}, '127.0.0.1');
      s.on('error', (e) => { report(e.code); });
      s.on('connect', () => { report('connected'); });
      function report(tcp) {
        console.log(JSON.stringify({
          uid: process.getuid(),
          key: attempt(() => fs.readFileSync(${JSON.stringify(join(secretDir, 'private-key-0600.pem'))}, 'utf8')),
          environ: attempt(() => fs.readFileSync('/proc/${process.pid}/environ', 'utf8').length),
          signal: attempt(() => process.kill(${process.pid}, 0)),
          pids: fs.readdirSync('/proc').filter((p) => /^\\d+$/.test(p)).length,
          tcp,
        }));
        process.exit(0);
      }`;
    writeFileSync(join(secretDir, 'private-key-0600.pem'), 'secret', { mode: 0o600 });
    const seen = JSON.parse(await inOsSandbox(code));
    expect(seen).toEqual({ uid: 65534, key: 'EACCES', environ: 'ENOENT', signal: 'ESRCH', pids: 1, tcp: expect.stringMatching(/^E/) });
    expect(tcp.connections()).toBe(0);
  }, 60_000);
});

describe('a host without an OS sandbox', () => {
  test('refuses to compile untrusted code with a non-retryable FLOW_COMPILE_SANDBOX failure that says why', async () => {
    resetOsSandboxProbe();
    probeOsSandbox([], { FLOWOPS_COMPILE_SANDBOX: 'off' });
    try {
      const marker = join(secretDir, 'compiled-anyway');
      const attempt = compileInSandbox(
        tree(hostile('never', `require('node:fs').writeFileSync(${JSON.stringify(marker)}, 'x'); return 'ran';`)),
        'abc1234',
        appRoot,
      );
      await expect(attempt).rejects.toMatchObject({ type: 'FLOW_COMPILE_SANDBOX', nonRetryable: true, message: expect.stringContaining('To fix:') });
      expect(existsSync(marker)).toBe(false);
    } finally {
      resetOsSandboxProbe();
    }
  });
});
