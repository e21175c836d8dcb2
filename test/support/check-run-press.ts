import { examplePayload } from './webhook-delivery';

/** A check run as GitHub sends it back in `check_run` webhooks (the fields a press carries). */
export interface PressedCheckRun {
  id: number;
  headSha: string;
  name: string;
  externalId: string | null;
  detailsUrl: string | null;
  status: string;
  conclusion: string | null;
}

export type ButtonIdentifier = 'run' | 'skip' | 'clearCache' | 'clearCacheBranch';

export interface PressOptions {
  appId: number;
  installationId: number;
  owner: string;
  repo: string;
  /** the check suite's head branch */
  branch: string;
  sender?: string;
}

/**
 * A real `check_run.requested_action` payload (@octokit/webhooks-examples) for a press of `identifier` on
 * `checkRun`: GitHub sends the check run as it is now (id, name, external_id, details_url, conclusion) with its
 * check suite, the repository, the installation and who pressed. Used by the e2e tests and the playground's
 * `scripts/press-button.ts`.
 */
export function checkRunPressPayload(
  checkRun: PressedCheckRun,
  identifier: ButtonIdentifier,
  options: PressOptions,
): Record<string, any> {
  const payload = examplePayload('check_run', 'requested_action');
  Object.assign(payload['check_run'], {
    id: checkRun.id,
    head_sha: checkRun.headSha,
    name: checkRun.name,
    external_id: checkRun.externalId ?? '',
    details_url: checkRun.detailsUrl,
    status: checkRun.status,
    conclusion: checkRun.conclusion,
  });
  Object.assign(payload['check_run'].check_suite, {
    head_sha: checkRun.headSha,
    head_branch: options.branch,
    pull_requests: [],
  });
  payload['check_run'].check_suite.app.id = options.appId;
  payload['requested_action'] = { identifier };
  payload['repository'].name = options.repo;
  payload['repository'].full_name = `${options.owner}/${options.repo}`;
  payload['repository'].owner.login = options.owner;
  payload['sender'].login = options.sender ?? 'octocat';
  payload['installation'].id = options.installationId;
  return payload;
}
