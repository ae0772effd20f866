export { startFakeGitHub, type FakeGitHub, type FakeGitHubOptions, type RecordedRequest } from './server';
export { FakeState, type FakeRepo, type RoleName } from './state';
export { MAX_COMMENT_BODY } from './handlers';
export { verifyAppJwt } from './jwt';
export { FakeHooks, type FakeDelivery } from './deliveries';
