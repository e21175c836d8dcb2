import { Worker } from '@temporalio/worker';
import type { WorkflowHandle } from '@temporalio/client';
import type { Activities } from '../../activities';
import type { CommentCommandRequest } from '../../domain/comment-command-event';
import type { CommentCommand } from '../../domain/comment-command';
import { createTemporalGateway } from '../../temporal/gateway';
import type { commentCommandWorkflow } from '../../workflows';
import { defaultActivities } from './fake-activities';
import type { WorkflowHarness } from './harness';

type CommandHandle = WorkflowHandle<typeof commentCommandWorkflow>;

const headSha = 'a'.repeat(40);
const pullRequest = {
  number: 7,
  state: 'open',
  draft: false,
  title: 'Add a feature',
  htmlUrl: 'https://github.com/tcolgate/kube-ci/pull/7',
  headRef: 'feature',
  headSha,
  headRepoFullName: 'tcolgate/kube-ci',
  headRepoUrl: 'https://api.github.com/repos/tcolgate/kube-ci',
  baseRef: 'master',
  baseRepoUrl: 'https://api.github.com/repos/tcolgate/kube-ci',
};

let sequence = 0;

function request(command: CommentCommand): CommentCommandRequest {
  sequence += 1;
  return {
    installationId: 1,
    repo: { owner: 'tcolgate', name: 'kube-ci' },
    issueNumber: 7,
    isPullRequest: true,
    source: { kind: 'comment', commentId: 900 + sequence },
    sender: 'maintainer',
    url: `https://github.com/tcolgate/kube-ci/pull/7#issuecomment-${900 + sequence}`,
    command,
    key: `comment-${900 + sequence}-${Date.now()}`,
    deliveryId: `delivery-${sequence}`,
  };
}

/** Runs one command to its end on a worker with the fake activities (plus `overrides`); returns its handle. */
async function runCommand(
  harness: WorkflowHarness,
  command: CommentCommand,
  overrides: Partial<Activities>,
): Promise<CommandHandle> {
  const taskQueue = `comment-command-${Date.now()}-${sequence}`;
  const activities: Activities = { ...defaultActivities(), readPullRequest: async () => pullRequest, ...overrides };
  const worker = await Worker.create({
    connection: harness.temporal.nativeConnection,
    namespace: 'default',
    taskQueue,
    activities,
    workflowBundle: harness.bundle,
  });
  const gateway = createTemporalGateway({ connection: harness.temporal.connection, namespace: 'default', taskQueue });
  return await worker.runUntil(async () => {
    const { workflowId } = await gateway.startCommentCommand(request(command));
    const handle = harness.client.workflow.getHandle<typeof commentCommandWorkflow>(workflowId);
    await handle.result();
    return handle;
  });
}

/**
 * The representative `commentCommandWorkflow` runs whose histories are in test/fixtures/histories/commands/
 * (written by scripts/record-command-histories.ts, replayed by command-replay.test.ts).
 */
export const recordedCommands: Record<string, (harness: WorkflowHarness) => Promise<CommandHandle>> = {
  run: (harness) =>
    runCommand(
      harness,
      { kind: 'run', entrypoint: '' },
      {
        startCommandRun: async () => ({
          workflowId: `ci/tcolgate/kube-ci/${headSha}/default/command-x`,
          started: true,
        }),
      },
    ),
  refused: (harness) =>
    runCommand(
      harness,
      { kind: 'retest' },
      {
        checkAuthorised: async () => ({ authorised: false, reason: '@maintainer has only read access' }),
      },
    ),
  help: (harness) => runCommand(harness, { kind: 'help', problem: 'unknown command `x`' }, {}),
  'setup-cross-repo': (harness) =>
    runCommand(
      harness,
      { kind: 'setup', template: 'go' },
      {
        listSetupTemplates: async () => [{ name: 'go', description: 'Go' }],
        readPullRequest: async () => ({ ...pullRequest, headRepoUrl: 'https://api.github.com/repos/forker/kube-ci' }),
      },
    ),
};
