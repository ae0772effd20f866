/**
 * @flowops/plugin-github — GitHub REST via octokit. This entry is the contract; the worker
 * implementation is `@flowops/plugin-github/worker`.
 * @module
 */
import { plugin } from './contract';

export {
  AddLabelsInput,
  AddLabelsOutput,
  CreateCommentInput,
  CreateCommentOutput,
  CreateIssueInput,
  CreateIssueOutput,
  DispatchWorkflowInput,
  DispatchWorkflowOutput,
  GetPullRequestInput,
  GetPullRequestOutput,
  plugin,
} from './contract';
export default plugin;
