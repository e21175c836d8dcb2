export {
  FakeGitHub,
  startFakeGitHub,
  type AddCommitOptions,
  type AddRepositoryOptions,
  type FakeGitHubOptions,
} from './fake-github';
export { seedFromWebhookPayload } from './seed-from-webhook';
export type { Fault, RecordedRequest, SchemaViolation } from './server';
export type { CheckRunState, CheckRunUpdate, DeploymentState, Permission, PullRequestState } from './state';
