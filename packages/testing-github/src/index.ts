/**
 * Offline GitHub for tests: a stateful fake REST server checked against GitHub's OpenAPI
 * description, webhook fixtures checked against GitHub's webhook schemas, and signing.
 * @module
 */
export {
  startFakeGitHub,
  type FakeGitHub,
  type FakeGitHubOptions,
  type RecordedRequest,
  FakeState,
  type FakeRepo,
  type RoleName,
  MAX_COMMENT_BODY,
  verifyAppJwt,
  FakeHooks,
  type FakeDelivery,
} from './fake-github/index';
export {
  pullRequestEvent,
  issueCommentEvent,
  checkRunRerequestedEvent,
  pushEvent,
  type PullRequestOptions,
  type IssueCommentOptions,
  type CheckRunOptions,
  type PushOptions,
} from './webhook-fixtures';
export { validateWebhook, webhookKey } from './webhook-schemas';
