/**
 * Version policy against a git base (`--base <ref>`): each changed workflow is compiled as it
 * was at the base — read with `git ls-tree`/`git show`, materialised in a temporary directory
 * that resolves the repository's node_modules; the working tree is never touched — and compared:
 * IR hash changed with the same version → FLOW_VERSION_NOT_BUMPED; input schema changed
 * incompatibly without a major bump → FLOW_BREAKING_CHANGE; a version that a `flowops rollback`
 * recorded as published (`Flowops-Published:` trailers, see published-record.ts) with other
 * content → FLOW_VERSION_IMMUTABLE naming the next free version.
 * @module
 */
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import { FlowError, breakingInputChanges, childEnv, describeInputChange } from '@flowops/core';
import major from 'semver/functions/major.js';
import valid from 'semver/functions/valid.js';
import { simpleGit } from 'simple-git';
import type { Catalog } from './catalog';
import { compileOne } from './compile-one';
import { reporter, type WorkflowUnit } from './context';
import { diagnostic, type Diagnostic } from './diagnostic';
import { sourceOf } from './discover';
import { hashIr } from './hash';
import { jsonKeyPosition } from './locator';
import type { WorkflowLoader } from './load-child';
import type { ModuleLoader } from './module-loader';
import { nextFreeVersion } from './next-version';
import { PUBLISHED_TRAILER, parsePublishedTrailers } from './published-record';

export interface VersionPolicyOptions {
  root: string;
  base: string;
  units: WorkflowUnit[];
  catalog: Catalog;
  loader: ModuleLoader;
  /** The isolated workflow loader, when the check uses one. */
  workflows?: WorkflowLoader | undefined;
}

export async function checkVersionPolicy(options: VersionPolicyOptions): Promise<Diagnostic[]> {
  const { root, base, units } = options;
  // Read-only git needs no editor; simple-git refuses to run with EDITOR/GIT_EDITOR set (as npm
  // scripts and most shells set EDITOR), so they are left out of git's environment.
  const git = simpleGit({ baseDir: root }).env(
    childEnv(process.env, { EDITOR: undefined, VISUAL: undefined, GIT_EDITOR: undefined, GIT_SEQUENCE_EDITOR: undefined }),
  );
  let sha = '';
  try {
    sha = (await git.raw(['rev-parse', '--verify', '--quiet', `${base}^{commit}`])).trim();
  } catch {
    sha = '';
  }
  if (!/^[0-9a-f]{40,64}$/.test(sha)) {
    throw new FlowError({
      code: 'FLOW_USAGE',
      message: `--base ${base} is not a commit in this repository`,
      hint: 'pass a branch, tag or sha, e.g. --base origin/main (fetch it first in CI: git fetch origin main)',
    });
  }
  const top = (await git.revparse(['--show-toplevel'])).trim();
  const out: Diagnostic[] = [];
  const scratchParent = existsSync(path.join(root, 'node_modules')) ? path.join(root, 'node_modules', '.cache', 'flowops') : path.join(root, '.flowops');
  const scratch = path.join(scratchParent, `base-${randomUUID()}`);
  /** The workflow of `unit` compiled as it was at commit `ref` (undefined: absent or broken there). */
  const compileAt = async (unit: WorkflowUnit, relDir: string, ref: string, tag: string): Promise<WorkflowUnit | undefined> => {
    const files = (await git.raw(['ls-tree', '-r', '--name-only', ref, '--', `${relDir}/`])).split('\n').filter(Boolean);
    if (files.length === 0) return undefined;
    const dir = path.join(scratch, tag, path.relative(root, unit.source.dir));
    for (const file of files) {
      const target = path.join(dir, path.relative(relDir, file));
      mkdirSync(path.dirname(target), { recursive: true });
      writeFileSync(target, await git.raw(['show', `${ref}:${file}`]));
    }
    const source = sourceOf(root, dir, path.basename(unit.source.dir));
    if (!source) return undefined;
    const ignored: Diagnostic[] = [];
    return compileOne(source, options.catalog, options.loader, ignored, { workflows: options.workflows });
  };
  try {
    for (const unit of units) {
      const relDir = path.relative(top, unit.source.dir).split(path.sep).join('/');
      const changed = (await git.raw(['diff', '--name-only', base, '--', relDir])).trim();
      if (changed === '') continue;
      // new workflow (nothing to compare with) or a base that did not compile (nothing reliable)
      const before = await compileAt(unit, relDir, base, 'base');
      if (!before) continue;
      compare(unit, before, out);
      // the rollback's record, read from the history of the workflow's directory (offline)
      const log = await git.raw(['log', `--grep=^${PUBLISHED_TRAILER}:`, '--format=%B', '--', relDir]);
      const records = parsePublishedTrailers(log, path.basename(unit.source.dir));
      const record = records.find((r) => r.version === unit.ir.version);
      if (!record || unit.ir.version === before.ir.version) continue; // same version as the base: FLOW_VERSION_NOT_BUMPED's job
      const published = await compileAt(unit, relDir, record.sha, record.sha);
      if (published && hashIr(published.ir) === hashIr(unit.ir)) continue; // the same content: a roll-forward
      const next = nextFreeVersion([unit.ir.version, before.ir.version, ...records.map((r) => r.version)])!;
      out.push(
        diagnostic({
          code: 'FLOW_VERSION_IMMUTABLE',
          message: `workflow "${unit.ir.name}" is at ${unit.ir.version}, a version already published with other content (recorded by the rollback in ${relDir}'s history, commit ${record.sha.slice(0, 12)})`,
          hint: `bump to ${next} (the next free version) in ${unit.source.relPackageJson}; published versions never change`,
          file: unit.source.relPackageJson,
          pos: jsonKeyPosition(unit.source.packageJsonText, 'version'),
          workflow: unit.ir.name,
        }),
      );
    }
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
  return out;
}

function compare(head: WorkflowUnit, before: WorkflowUnit, out: Diagnostic[]): void {
  const name = head.ir.name;
  const pkgFile = head.source.relPackageJson;
  const pos = jsonKeyPosition(head.source.packageJsonText, 'version');
  const changed = hashIr(head.ir) !== hashIr(before.ir);
  if (changed && head.ir.version === before.ir.version) {
    out.push(
      diagnostic({
        code: 'FLOW_VERSION_NOT_BUMPED',
        message: `workflow "${name}" changed since the base but its version is still ${head.ir.version}`,
        hint: `add a changeset (\`npx changeset\`) or bump "version" in ${pkgFile}; published versions are immutable`,
        file: pkgFile,
        pos,
        workflow: name,
      }),
    );
  }
  const breaking = breakingInputChanges(before.ir.input, head.ir.input).map((c) => describeInputChange(c));
  const bumpedMajor = valid(head.ir.version) && valid(before.ir.version) && major(head.ir.version) > major(before.ir.version);
  if (breaking.length > 0 && !bumpedMajor) {
    reporter(
      out,
      head.source,
      head.locator,
      name,
    )({
      code: 'FLOW_BREAKING_CHANGE',
      message:
        `workflow "${name}" changes its input incompatibly (${breaking.join('; ')}) ` +
        `without a major version bump (${before.ir.version} → ${head.ir.version})`,
      hint: `bump the major version in ${pkgFile} (a "major" changeset), or keep the input backwards compatible (make new fields optional, keep old ones)`,
      path: ['input'],
    });
  }
}
