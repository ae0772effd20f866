/**
 * `flowops rollback` in git terms: find the commits that changed a workflow since the target
 * version and make one revert commit restoring `workflows/<name>/` as it was at that version.
 * Never pushes: CI publishes after the revert is merged, which re-activates the earlier
 * (immutable) version and records a rollback.
 * @module
 */
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { FlowError, childEnv } from '@flowops/core';
import { formatPublishedTrailers, type PublishedRecord } from '@flowops/compiler';
import { nextFreeVersion } from './next-version';

const exec = promisify(execFile);

/**
 * git in `root` with an own-keys environment (a polluted Object.prototype never reaches git); the
 * user's EDITOR, PAGER and git configuration apply as in their shell. A failure throws an Error
 * whose message is git's stderr.
 */
const gitAt = (root: string) => {
  const raw = async (args: string[]): Promise<string> => {
    try {
      return (await exec('git', args, { cwd: root, env: childEnv(process.env), maxBuffer: 64 * 1024 * 1024 })).stdout;
    } catch (error) {
      const stderr = (error as { stderr?: string }).stderr?.trim();
      throw new Error(stderr || (error instanceof Error ? error.message : String(error)));
    }
  };
  return { raw, show: (args: string[]) => raw(['show', ...args]), revparse: (args: string[]) => raw(['rev-parse', ...args]) };
};

/** The revert `flowops rollback` makes: which commits it reverts to get back to `to`. */
export interface RollbackPlan {
  workflow: string;
  dir: string;
  from: string;
  to: string;
  /** Newest commit at which the workflow was at `to`. */
  base: string;
  /** Commits (newest first) that changed the workflow after `base`. */
  reverted: { sha: string; subject: string }[];
  /**
   * The version a fix-forward bumps to: one patch above the highest version the workflow ever
   * had in git history (`to` stays published; the versions after it were published too and never
   * change, so bumping back to one of them is refused as FLOW_VERSION_IMMUTABLE).
   */
  nextVersion: string;
  /**
   * The versions the revert takes back (`from` and those between), each with the newest commit at
   * that version: recorded in the commit as `Flowops-Published:` trailers, which `check --base` reads.
   */
  published: PublishedRecord[];
}

/** Every version `dir/package.json` ever had in the history of HEAD (one `git log -p`). */
async function versionsInHistory(root: string, dir: string): Promise<string[]> {
  const patch = await gitAt(root).raw(['log', '-p', '-U0', '--format=', '--', `${dir}/package.json`]);
  return [...patch.matchAll(/^[+-]\s*"version"\s*:\s*"([^"]+)"/gm)].map((m) => m[1]!);
}

const gitError = (message: string, hint?: string): FlowError => new FlowError({ code: 'FLOW_GIT_ERROR', message, hint });

async function versionAt(root: string, sha: string, dir: string): Promise<string | undefined> {
  try {
    const text = await gitAt(root).show([`${sha}:${dir}/package.json`]);
    const v = (JSON.parse(text) as { version?: unknown }).version;
    return typeof v === 'string' ? v : undefined;
  } catch {
    return undefined;
  }
}

/** Find the commits to revert to bring `workflow` back to version `to` (default: the previous version). */
export async function planRollback(root: string, workflow: string, to?: string, workflowsDir = 'workflows'): Promise<RollbackPlan> {
  const git = gitAt(root);
  const dir = `${workflowsDir}/${workflow}`;
  const head = (await git.revparse(['HEAD'])).trim();
  const from = await versionAt(root, head, dir);
  if (!from) throw gitError(`${dir}/package.json with a version does not exist at HEAD`, `check the workflow name (directories under ${workflowsDir}/)`);
  if (to === from) throw gitError(`${workflow} is already at ${to} in git`, 'name an earlier version with --to');
  const log = await git.raw(['log', '--format=%H%x09%s', '--', dir]);
  const commits = log
    .split('\n')
    .filter(Boolean)
    .map((l) => {
      const [sha, ...subject] = l.split('\t');
      return { sha: sha!, subject: subject.join('\t') };
    });
  const reverted: RollbackPlan['reverted'] = [];
  const seen: string[] = [];
  const published: PublishedRecord[] = [];
  for (const c of commits) {
    const v = await versionAt(root, c.sha, dir);
    if (v !== undefined && v !== from && (to === undefined || v === to)) {
      const nextVersion = nextFreeVersion([from, v, ...seen, ...(await versionsInHistory(root, dir))])!;
      return { workflow, dir, from, to: v, base: c.sha, reverted, nextVersion, published };
    }
    if (v !== undefined && !seen.includes(v)) {
      seen.push(v);
      published.push({ workflow, version: v, sha: c.sha });
    }
    reverted.push(c);
  }
  throw gitError(
    to ? `${workflow} was never at version ${to} in this history (seen: ${seen.join(', ') || 'none'})` : `${workflow} has no earlier version in this history`,
    'pick a version listed by `git log -- ' + dir + '` or `flowops versions ' + workflow + '`',
  );
}

/** Make the revert commit (restores the directory as of `plan.base`). Returns its sha. */
export async function commitRollback(root: string, plan: RollbackPlan): Promise<string> {
  const git = gitAt(root);
  const status = await git.raw(['status', '--porcelain', '--', plan.dir]);
  if (status.trim()) throw gitError(`${plan.dir} has uncommitted changes`, 'commit or discard them first; rollback makes its own commit');
  await git.raw(['rm', '-r', '-q', '--', plan.dir]);
  await git.raw(['checkout', plan.base, '--', plan.dir]);
  const body = plan.reverted.map((c) => `  ${c.sha.slice(0, 12)} ${c.subject}`).join('\n');
  const message = `Revert ${plan.workflow} to ${plan.to}\n\nRestores ${plan.dir} as of ${plan.base.slice(0, 12)} (${plan.workflow}@${plan.to}), reverting:\n${body}\n\nPublishing this commit re-activates ${plan.workflow}@${plan.to} (recorded as a rollback).\nFix forward with ${plan.workflow}@${plan.nextVersion}, the next free version: the versions after ${plan.to} stay published and never change.\n\n${formatPublishedTrailers(plan.published)}`;
  try {
    await git.raw(['commit', '-q', '-m', message, '--', plan.dir]);
  } catch (error) {
    // Leave the directory exactly as it was (it had no local changes: checked above).
    await git.raw(['reset', '-q', 'HEAD', '--', plan.dir]);
    await git.raw(['checkout', 'HEAD', '--', plan.dir]);
    await git.raw(['clean', '-fdq', '--', plan.dir]);
    const reason =
      error instanceof Error
        ? (error.message
            .trim()
            .split('\n')
            .find((l) => l.trim()) ?? error.message)
        : String(error);
    const identity = /identity unknown|user\.email|user\.name/i.test(reason);
    throw gitError(
      `git could not make the revert commit: ${reason}`,
      identity
        ? 'set who commits: git config user.name "…" && git config user.email "…", then run flowops rollback again'
        : 'fix the git problem above, then run flowops rollback again',
    );
  }
  return (await git.revparse(['HEAD'])).trim();
}
