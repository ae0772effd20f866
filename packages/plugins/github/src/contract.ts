/**
 * The `github` plugin contract: GitHub REST via octokit.
 *
 * Every action takes `token` — expected to be a secret reference (`secret('GITHUB_TOKEN')`),
 * resolved on the worker only — and an optional `baseUrl` for GitHub Enterprise Server.
 * Effects: `getPullRequest` is `read` (runs in dry-runs); the others are `write` (simulated).
 * @module
 */
import { defineAction, definePlugin, type SensitiveField } from '@flowops/sdk';
import { z } from 'zod';

const repoRef = {
  /** Repository owner (user or organisation). */
  owner: z.string().min(1),
  repo: z.string().min(1),
  /** Token with access to the repository; pass `secret('GITHUB_TOKEN')`. */
  token: z.string().min(1),
  /** API base URL for GitHub Enterprise Server, e.g. `https://ghe.example.com/api/v3`. */
  baseUrl: z.string().optional(),
};
const issueNumber = z.number().int().positive();

/** `token` carries a credential: the compiler wants `secret('GITHUB_TOKEN')` there (no literal, env() or input). */
const sensitive: SensitiveField[] = [{ path: 'token', secret: 'GITHUB_TOKEN' }];

export const CreateIssueInput = z.object({
  ...repoRef,
  title: z.string().min(1).max(256),
  body: z.string().optional(),
  labels: z.array(z.string()).optional(),
  assignees: z.array(z.string()).optional(),
});
export type CreateIssueInput = z.infer<typeof CreateIssueInput>;

export const CreateIssueOutput = z.object({ id: z.number().int(), number: issueNumber, url: z.string() });
export type CreateIssueOutput = z.infer<typeof CreateIssueOutput>;

export const CreateCommentInput = z.object({ ...repoRef, issueNumber, body: z.string().min(1) });
export type CreateCommentInput = z.infer<typeof CreateCommentInput>;

export const CreateCommentOutput = z.object({ id: z.number().int(), url: z.string() });
export type CreateCommentOutput = z.infer<typeof CreateCommentOutput>;

export const GetPullRequestInput = z.object({ ...repoRef, pullNumber: issueNumber });
export type GetPullRequestInput = z.infer<typeof GetPullRequestInput>;

export const GetPullRequestOutput = z.object({
  number: issueNumber,
  title: z.string(),
  state: z.enum(['open', 'closed']),
  merged: z.boolean(),
  draft: z.boolean(),
  author: z.string(),
  headRef: z.string(),
  headSha: z.string(),
  baseRef: z.string(),
  labels: z.array(z.string()),
  url: z.string(),
});
export type GetPullRequestOutput = z.infer<typeof GetPullRequestOutput>;

export const AddLabelsInput = z.object({ ...repoRef, issueNumber, labels: z.array(z.string().min(1)).min(1) });
export type AddLabelsInput = z.infer<typeof AddLabelsInput>;

export const AddLabelsOutput = z.object({ labels: z.array(z.string()) });
export type AddLabelsOutput = z.infer<typeof AddLabelsOutput>;

export const DispatchWorkflowInput = z.object({
  ...repoRef,
  /** Workflow file name (`deploy.yml`) or numeric id. */
  workflowId: z.union([z.string().min(1), z.number().int()]),
  /** Branch or tag to run the workflow on. */
  ref: z.string().min(1),
  /** `workflow_dispatch` inputs (strings, numbers or booleans). */
  inputs: z.record(z.string(), z.union([z.string(), z.number(), z.boolean()])).optional(),
});
export type DispatchWorkflowInput = z.infer<typeof DispatchWorkflowInput>;

export const DispatchWorkflowOutput = z.object({ dispatched: z.boolean() });
export type DispatchWorkflowOutput = z.infer<typeof DispatchWorkflowOutput>;

/**
 * The github plugin.
 * @example
 * ```ts
 * import github from '@flowops/plugin-github';
 * step('open-issue', github.createIssue({ owner: 'acme', repo: 'api', title: tpl`Incident ${input.id}`, token: secret('GITHUB_TOKEN') }));
 * ```
 */
export const plugin = definePlugin({
  name: 'github',
  version: '1.0.0',
  description: 'GitHub issues, comments, labels, pull requests and Actions dispatch (octokit)',
  actions: {
    createIssue: defineAction({ description: 'Open an issue.', effect: 'write', input: CreateIssueInput, output: CreateIssueOutput, sensitive }),
    createComment: defineAction({
      description: 'Comment on an issue or pull request.',
      effect: 'write',
      input: CreateCommentInput,
      output: CreateCommentOutput,
      sensitive,
    }),
    getPullRequest: defineAction({
      description: 'Read a pull request. A read: runs in dry-runs.',
      effect: 'read',
      input: GetPullRequestInput,
      output: GetPullRequestOutput,
      sensitive,
    }),
    addLabels: defineAction({
      description: 'Add labels to an issue or pull request (returns all its labels).',
      effect: 'write',
      input: AddLabelsInput,
      output: AddLabelsOutput,
      sensitive,
    }),
    dispatchWorkflow: defineAction({
      description: 'Trigger a GitHub Actions workflow_dispatch.',
      effect: 'write',
      input: DispatchWorkflowInput,
      output: DispatchWorkflowOutput,
      sensitive,
    }),
  },
});
