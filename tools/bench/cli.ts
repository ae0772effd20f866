/**
 * How long a person waits for the `flowops` binary: fresh-process medians (each run a new process,
 * as a shell would start it) of `node -e 0` (the floor), `flowops --help` (as
 * `node packages/cli/bin/flowops.js` and through `npx`), `flowops --version`, `flowops check` on
 * this repository's workflows with a warm cache, and `flowops graph` of one workflow; and, as the
 * baseline of the same run, `--help` the way it ran before the packages were built (tsx registered,
 * main.ts and @flowops/core loaded from TypeScript source: help_source_tsx_ms). Wall time
 * and CPU (user + sys of the process and everything it waited for, from /proc/self/stat's
 * cutime/cstime) per run. Runs the built CLI: `npm run build` first.
 * Writes bench-results/cli.json with help_ms, node_ms, version_ms, help_npx_ms, check_warm_ms,
 * graph_ms (medians) and the load average.
 * With `--count N` (default 200; 0 leaves it out) also, on N generated workflows laid out as a
 * user's repository (cli-tree.ts): `check_cold_ms`, `check_warm_ms`, `check_one_change_ms` (and
 * with `--engine tsgo`), `plan_ms` (`plan --env local` with the N published to a dev server it
 * starts, or `--address host:port`; warm signed compile cache) and `plan_no_cache_ms`
 * (`--no-cache`); this repository's own warm check is then `check_warm_repo_ms`.
 * Targets: help_ms ≤ 500, check_warm_ms ≤ 2000 and plan_ms ≤ 2000 (N = 200).
 *
 * Usage: npx tsx tools/bench/index.ts cli [--runs N] [--smoke] [--count N] [--address host:port]
 * @module
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { publishedTree, type TreeCase } from './cli-tree';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const bin = path.join(root, 'packages/cli/bin/flowops.js');
const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? Number.NaN;
/** Clock ticks per second of /proc's times (USER_HZ: 100 on Linux). */
const TICKS = 100;

/** CPU ms (user, sys) this process has collected from its waited-for children; 0s off Linux. */
function childCpu(): { user: number; sys: number } {
  try {
    const fields = readFileSync('/proc/self/stat', 'utf8').split(') ')[1]?.split(' ') ?? [];
    // after "pid (comm) ": state is fields[0]; cutime and cstime are stat fields 16 and 17
    return { user: (Number(fields[13]) * 1000) / TICKS, sys: (Number(fields[14]) * 1000) / TICKS };
  } catch {
    return { user: 0, sys: 0 };
  }
}

interface Case extends Partial<Pick<TreeCase, 'cwd' | 'env' | 'before'>> {
  key: string;
  label: string;
  command: string[];
  runs: number;
  /** Runs once before measuring (e.g. to warm a cache). */
  warm?: boolean;
  /** Exit codes that still count (check exits 1 when a workflow has errors: still timed). */
  ok?: number[];
}

interface Measured {
  label: string;
  median_ms: number;
  cpu_user_ms: number;
  cpu_sys_ms: number;
  runs_ms: number[];
}

function measure(c: Case): Measured {
  let n = 0;
  const once = () => {
    c.before?.(n++);
    const cpu0 = childCpu();
    const t0 = performance.now();
    const r = spawnSync(c.command[0] as string, c.command.slice(1), {
      cwd: c.cwd ?? root,
      encoding: 'utf8',
      env: { ...process.env, NO_COLOR: '1', ...c.env },
    });
    const ms = performance.now() - t0;
    const cpu1 = childCpu();
    if (!(c.ok ?? [0]).includes(r.status ?? -1)) throw new Error(`${c.label} exited ${r.status}: ${r.stderr.slice(-1500)}\n${r.stdout.slice(-3000)}`);
    return { ms, user: cpu1.user - cpu0.user, sys: cpu1.sys - cpu0.sys };
  };
  if (c.warm) once();
  const runs = Array.from({ length: c.runs }, once);
  return {
    label: c.label,
    median_ms: Math.round(median(runs.map((r) => r.ms))),
    cpu_user_ms: Math.round(median(runs.map((r) => r.user))),
    cpu_sys_ms: Math.round(median(runs.map((r) => r.sys))),
    runs_ms: runs.map((r) => Math.round(r.ms)),
  };
}

export async function run(argv: string[]): Promise<number> {
  const { values } = parseArgs({
    args: argv,
    options: { smoke: { type: 'boolean' }, runs: { type: 'string' }, count: { type: 'string' }, address: { type: 'string' } },
    allowPositionals: true,
  });
  const runs = Number(values.runs ?? (values.smoke ? 1 : 5));
  const count = Number(values.count ?? (values.smoke ? 5 : 200));
  if (!existsSync(path.join(root, 'packages/cli/dist/main.js'))) {
    process.stderr.write('bench cli: the CLI is not built — To fix: run `npm run build` first [FLOW_NOT_BUILT]\n');
    return 1;
  }
  const node = process.execPath;
  const cases: Case[] = [
    { key: 'node_ms', label: 'node -e 0', command: [node, '-e', '0'], runs },
    { key: 'help_ms', label: 'node packages/cli/bin/flowops.js --help', command: [node, bin, '--help'], runs },
    {
      // the path every `flowops` took before the build: tsx registered, main.ts and @flowops/core from source
      key: 'help_source_tsx_ms',
      label: 'before the build: tsx + source --help',
      command: [
        node,
        '--conditions=@flowops/source',
        '--import',
        'tsx/esm',
        '--input-type=module',
        '-e',
        `await import('@flowops/core'); const { main } = await import(${JSON.stringify(path.join(root, 'packages/cli/src/main.ts'))}); process.exitCode = await main(['--help']);`,
      ],
      runs,
    },
    { key: 'version_ms', label: 'node packages/cli/bin/flowops.js --version', command: [node, bin, '--version'], runs },
    { key: 'help_npx_ms', label: 'npx flowops --help', command: ['npx', 'flowops', '--help'], runs },
    { key: 'graph_ms', label: 'flowops graph workflows/deploy-service', command: [node, bin, 'graph', 'workflows/deploy-service'], runs: Math.min(runs, 3) },
    {
      key: count > 0 ? 'check_warm_repo_ms' : 'check_warm_ms',
      label: 'flowops check (this repository, warm cache)',
      command: [node, bin, 'check'],
      runs: Math.min(runs, 3),
      warm: true,
      ok: [0, 1],
    },
  ];
  const tree = count > 0 ? await publishedTree(root, count, runs, values.address) : undefined;
  if (tree) cases.push(...tree.cases);
  const load = loadavg().map((l) => Number(l.toFixed(2)));
  const results: Record<string, number | Measured | number[] | string> = { load_average: load, runs, workflows: count };
  try {
    measureAll(cases, results);
  } finally {
    await tree?.close();
  }
  results.load_average_after = loadavg().map((l) => Number(l.toFixed(2)));
  const verdict = (key: string, target: number) => `${key} ${results[key] ?? '—'} ms (≤ ${target}: ${(results[key] as number) <= target ? 'met' : 'NOT met'})`;
  const verdicts = [verdict('help_ms', 500), ...(count > 0 ? [verdict('check_warm_ms', 2000), verdict('plan_ms', 2000)] : [])];
  process.stdout.write(`load average ${load.join(' ')}; ${verdicts.join('; ')}\n`);
  mkdirSync(path.join(root, 'bench-results'), { recursive: true });
  writeFileSync(path.join(root, 'bench-results', values.smoke ? 'cli-smoke.json' : 'cli.json'), `${JSON.stringify(results, null, 2)}\n`);
  return 0;
}

function measureAll(cases: Case[], results: Record<string, number | Measured | number[] | string>): void {
  for (const c of cases) {
    const m = measure(c);
    results[c.key] = m.median_ms;
    results[c.key.replace(/_ms$/, '')] = m;
    process.stdout.write(
      `${c.label.padEnd(48)} ${String(m.median_ms).padStart(6)} ms  (cpu user ${m.cpu_user_ms} ms, sys ${m.cpu_sys_ms} ms; runs ${m.runs_ms.join(', ')})\n`,
    );
  }
}
