/**
 * `/flowops …` on a pull request: 👀 on receipt, permission check, then each command — refused
 * ones get a reply that says why; runs reply with status, steps, duration and the Temporal link.
 *
 * Who causes what to be compiled: `help` (read access) lists the default branch's workflows and
 * never compiles the pull request; `plan`, `dry-run` and `run` need write access before the PR
 * head is compiled; on a fork only `plan` and `dry-run` compile the head (`run` is refused); a
 * protected environment runs the published definition, never the PR head. `run` of a
 * `visibility: private` workflow (read from the published definition or the default branch, never
 * the head) needs its owner login or a member of its owner team. `approve-policy` waives a policy
 * set on the head commit for an owner of that set (`approve-policy.ts`).
 * @module
 */
import { ActivityFailure, ApplicationFailure } from '@temporalio/workflow';
import { authorize, commandEnv, runVisibilityRefusal } from '../comments/authorize';
import { parseCommands } from '../comments/parse-command';
import { renderHelp, renderPlanReply, renderRefusal, renderRunReply, renderSkipReply } from '../render/index';
import type { CommentArgs } from '../webhooks/route';
import { defs, gh, runs } from './activities';
import { approvePolicy } from './approve-policy';

function causeMessage(err: unknown): string {
  if (err instanceof ActivityFailure && err.cause instanceof ApplicationFailure) return err.cause.message;
  return err instanceof Error ? err.message : String(err);
}

export async function flowopsGithubComment(a: CommentArgs): Promise<{ commands: number; refused: number; ran: number }> {
  const commands = parseCommands(a.body);
  if (commands.length === 0) return { commands: 0, refused: 0, ran: 0 };
  await gh.addReaction({ repo: a.repo, commentId: a.commentId, content: 'eyes' });
  const { access } = await gh.getAccess({ repo: a.repo, login: a.login });
  const environments = await defs.environmentRunners();
  const reply = (body: string) => gh.postComment({ repo: a.repo, issueNumber: a.issueNumber, body });
  let pull: Awaited<ReturnType<typeof gh.getPull>> | undefined;
  let refused = 0;
  let ran = 0;
  for (const [i, command] of commands.entries()) {
    const env = commandEnv(command);
    const runners = env ? (environments[env]?.runners ?? []) : [];
    const wantsRunner =
      (command.kind === 'run' || command.kind === 'dry-run' || command.kind === 'skip') && runners.length > 0 && (access === 'write' || access === 'admin');
    const runnerMatch = wantsRunner ? await gh.matchRunner({ repo: a.repo, login: a.login, runners }) : undefined;
    const decision = authorize({ command, login: a.login, access, environments, runnerMatch });
    if (!decision.allowed) {
      refused++;
      await reply(renderRefusal(a.login, command.line, decision.reason));
      continue;
    }
    pull ??= await gh.getPull({ repo: a.repo, pr: a.issueNumber });
    try {
      if (command.kind === 'help') {
        // Anyone with read access may ask: the default branch's workflows, never the PR head's code.
        const workflows = await defs.helpWorkflows({ repo: a.repo, sha: pull.defaultBranch });
        await reply(renderHelp(a.login, workflows, Object.keys(environments)));
      } else if (command.kind === 'approve-policy') {
        const refusal = await approvePolicy({ repo: a.repo, pr: a.issueNumber, login: a.login, set: command.set, pull });
        if (refusal) {
          refused++;
          await reply(renderRefusal(a.login, command.line, refusal));
          continue;
        }
        ran++;
      } else if (command.kind === 'plan') {
        const plan = await defs.plan({ repo: a.repo, sha: pull.headSha, env: decision.env! });
        await reply(renderPlanReply(a.login, plan, pull.headSha));
      } else if (command.kind === 'skip') {
        // Audited like an approval: the commenter is recorded on the step with the reason.
        const skipped = await runs.skipRunStep({
          env: decision.env!,
          runId: command.runId,
          step: command.step,
          by: `github:${a.login}`,
          reason: command.reason,
        });
        if (!skipped.ok) {
          refused++;
          await reply(renderRefusal(a.login, command.line, skipped.reason));
          continue;
        }
        ran++;
        await reply(renderSkipReply(a.login, { runId: command.runId, step: skipped.step, env: decision.env!, reason: command.reason, url: skipped.url }));
      } else if (command.kind === 'run' || command.kind === 'dry-run') {
        const published = environments[decision.env!]?.protected === true;
        if (!published && command.kind === 'run' && pull.fork) {
          refused++;
          await reply(
            renderRefusal(
              a.login,
              command.line,
              `\`/flowops run\` does not run code from a fork on ${decision.env}; a writer can \`/flowops dry-run\` it, or push the branch to this repository`,
            ),
          );
          continue;
        }
        if (command.kind === 'run') {
          // Visibility and owner from the published definition or the default branch, never the head.
          const gate = await defs.runAccess({ repo: a.repo, defaultBranch: pull.defaultBranch, workflow: command.workflow, env: decision.env! });
          if (gate.restricted) {
            const ownerMatch = await gh.matchRunner({ repo: a.repo, login: a.login, runners: [gate.owner] });
            const refusal = runVisibilityRefusal({ login: a.login, workflow: command.workflow, owner: gate.owner, ownerMatch });
            if (refusal) {
              refused++;
              await reply(renderRefusal(a.login, command.line, refusal));
              continue;
            }
          }
        }
        const prepared = await defs.prepareRun({ repo: a.repo, sha: pull.headSha, workflow: command.workflow, env: decision.env!, args: command.args });
        if (!prepared.ok) {
          refused++;
          await reply(renderRefusal(a.login, command.line, prepared.reason));
          continue;
        }
        const outcome = await runs.executeRun({
          env: decision.env!,
          kind: command.kind,
          ir: prepared.ir,
          input: prepared.input,
          id: `gh-${a.commentId}-${i}`,
          triggeredBy: `github:${a.login}`,
          // a protected environment ran the published definition, not this commit
          ...(published ? {} : { gitSha: pull.headSha }),
        });
        ran++;
        await reply(renderRunReply(a.login, outcome));
      }
    } catch (err) {
      if (!(err instanceof ActivityFailure)) throw err;
      refused++;
      await reply(renderRefusal(a.login, command.line, `it failed before it could start: ${causeMessage(err)}`));
    }
  }
  return { commands: commands.length, refused, ran };
}
