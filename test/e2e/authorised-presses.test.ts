/**
 * G12 for presses on GitHub: a Re-run of a check run that the fork rule refuses runs when the person who pressed
 * may bypass it (write access, by GitHub's collaborator permission API) and stays skipped, with the reason, when
 * not. Real `check_run.rerequested` payload, signed, through the real API and worker on a real Temporal server.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedFromWebhookPayload } from '../fakes/github';
import { examplePayload, signedDelivery } from '../support/webhook-delivery';
import { checkRunsFor, deliverAccepted, owner, prepareCheckSuite, repo } from './deliveries';
import { buildAndTest } from './pipelines';
import { exampleAppId, startStack, webhookSecret, type Stack } from './stack';

describe('a Re-run press that the fork rule refuses', () => {
  let stack: Stack;
  beforeAll(async () => {
    stack = await startStack();
    seedFromWebhookPayload(stack.github, examplePayload('check_suite', 'requested'));
    stack.github.setCollaboratorPermission(owner, repo, 'maintainer', 'write');
    stack.github.setCollaboratorPermission(owner, repo, 'reader', 'read');
  }, 120_000);
  afterAll(async () => {
    await stack?.close();
  });

  /** `login` presses Re-run on `Workflow - build` of a commit whose check suite lists a PR from a fork. */
  async function rerunPressedBy(login: string) {
    const { sha } = await prepareCheckSuite(stack, { '.kube-ci/ci.yaml': buildAndTest }, 'feature/from-fork');
    const rerun = examplePayload('check_run', 'rerequested');
    const suite = examplePayload('check_suite', 'requested');
    const forkPr = {
      number: 7,
      head: { ref: 'feature/from-fork', sha, repo: { url: `https://api.github.com/repos/forker/${repo}` } },
      base: { ref: 'master', sha, repo: { url: `https://api.github.com/repos/${owner}/${repo}` } },
    };
    Object.assign(rerun['check_run'], { name: 'Workflow - build', external_id: 'build', head_sha: sha });
    Object.assign(rerun['check_run'].check_suite, {
      head_branch: 'feature/from-fork',
      head_sha: sha,
      pull_requests: [forkPr],
      app: { ...rerun['check_run'].check_suite.app, id: exampleAppId },
    });
    Object.assign(rerun, { repository: suite['repository'], installation: { id: 957387 } });
    rerun['sender'].login = login;
    const handle = await deliverAccepted(stack, await signedDelivery(webhookSecret, 'check_run', rerun));
    return { sha, result: await handle.result() };
  }

  it('runs when the person who pressed has write access', async () => {
    const { sha, result } = await rerunPressedBy('maintainer');
    expect(result).toMatchObject({ outcome: 'success' });
    expect(checkRunsFor(stack, sha).map((c) => c.fields['name'])).toEqual(['Workflow - build']);
  }, 60_000);

  it('stays skipped without a check run, saying why, when they have read access only', async () => {
    const { sha, result } = await rerunPressedBy('reader');
    expect(result.outcome).toBe('skipped');
    expect(result.reason).toContain('refusing to build non-local PR');
    expect(result.reason).toContain('reader');
    expect(checkRunsFor(stack, sha)).toEqual([]);
  }, 60_000);
});
