import type { CheckRunState } from '../fakes/github/state';
import { examplePayload, signedDelivery, type Delivery } from '../support/webhook-delivery';
import { owner, repo } from './deliveries';
import { exampleAppId, webhookSecret } from './stack';

/**
 * A real `check_run.requested_action` payload (@octokit/webhooks-examples) for a press of `identifier` on
 * `checkRun` as the fake GitHub holds it, signed as GitHub signs it. GitHub sends the check run as it is now:
 * its id, name, external_id, details_url and conclusion.
 */
export async function pressDelivery(
  checkRun: CheckRunState,
  identifier: 'run' | 'skip' | 'clearCache' | 'clearCacheBranch',
  branch: string,
  sender = 'octocat',
): Promise<Delivery> {
  // the installation the stack's check suites come from (deliveries.ts seeds it from this example)
  const { installation } = examplePayload('check_suite', 'requested');
  const payload = examplePayload('check_run', 'requested_action');
  const { fields } = checkRun;
  Object.assign(payload['check_run'], {
    id: checkRun.id,
    head_sha: checkRun.headSha,
    name: fields['name'],
    external_id: fields['external_id'] ?? '',
    details_url: fields['details_url'] ?? null,
    status: fields['status'],
    conclusion: fields['conclusion'] ?? null,
  });
  Object.assign(payload['check_run'].check_suite, {
    head_sha: checkRun.headSha,
    head_branch: branch,
    pull_requests: [],
  });
  payload['check_run'].check_suite.app.id = exampleAppId;
  payload['requested_action'] = { identifier };
  payload['repository'].name = repo;
  payload['repository'].owner.login = owner;
  payload['sender'].login = sender;
  payload['installation'].id = installation.id;
  return await signedDelivery(webhookSecret, 'check_run', payload);
}
