/** The App's system workflows (bundled for the worker on the `flowops-github` task queue). @module */
export { flowopsGithubComment } from './comment';
export { flowopsGithubPullRequest, flowopsGithubReport, flowopsGithubRerequest } from './report';
export { flowopsGithubDrift } from './drift';
export { flowopsGithubRedeliverySweep } from './redelivery';
