import type { CheckRunState } from '../fakes/github/state';
import { checkRunPressPayload, type ButtonIdentifier } from '../support/check-run-press';
import { examplePayload, signedDelivery, type Delivery } from '../support/webhook-delivery';
import { owner, repo } from './deliveries';
import { exampleAppId, webhookSecret } from './stack';

/** A signed press of `identifier` on `checkRun` as the stack's fake GitHub holds it. */
export async function pressDelivery(
  checkRun: CheckRunState,
  identifier: ButtonIdentifier,
  branch: string,
  sender = 'octocat',
): Promise<Delivery> {
  const { fields } = checkRun;
  const payload = checkRunPressPayload(
    {
      id: checkRun.id,
      headSha: checkRun.headSha,
      name: String(fields['name']),
      externalId: (fields['external_id'] as string | undefined) ?? null,
      detailsUrl: (fields['details_url'] as string | undefined) ?? null,
      status: String(fields['status']),
      conclusion: (fields['conclusion'] as string | undefined) ?? null,
    },
    identifier,
    {
      appId: exampleAppId,
      // the installation the stack's check suites come from (deliveries.ts seeds it from this example)
      installationId: examplePayload('check_suite', 'requested')['installation'].id,
      owner,
      repo,
      branch,
      sender,
    },
  );
  return await signedDelivery(webhookSecret, 'check_run', payload);
}
