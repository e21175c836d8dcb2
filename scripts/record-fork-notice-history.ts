/**
 * Records the history of one forkNoticeWorkflow (a fork PR's opened: the notice posted, with the fake activities of
 * test/workflows/fake-activities.ts) into test/fixtures/histories/fork-notice/opened.json, which
 * test/workflows/fork-notice.test.ts replays. A separate script because scripts/record-histories.ts records
 * ciRunWorkflow runs only.
 *
 *   npx tsx scripts/record-fork-notice-history.ts
 */
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { format } from 'prettier';
import type { ForkNotice } from '../domain/fork-notice';
import { fakeActivities } from '../test/workflows/fake-activities';
import { startWorkflowHarness, withWorker } from '../test/workflows/harness';
import { historyToJSON } from '../test/workflows/history-json';

const notice: ForkNotice = {
  installationId: 1,
  repo: { owner: 'tcolgate', name: 'kube-ci' },
  pullRequest: 7,
  sha: '0123456789abcdef0123456789abcdef01234567',
  action: 'opened',
};

const out = fileURLToPath(new URL('../test/fixtures/histories/fork-notice/opened.json', import.meta.url));

async function main(): Promise<void> {
  const harness = await startWorkflowHarness();
  try {
    await withWorker(harness, fakeActivities().activities, async ({ taskQueue }) => {
      const handle = await harness.client.workflow.start('forkNoticeWorkflow', {
        taskQueue,
        workflowId: 'fork-notice-opened',
        args: [{ notice, deliveryId: 'delivery-fork' }],
      });
      await handle.result();
      const history = await handle.fetchHistory();
      writeFileSync(out, await format(historyToJSON(history), { parser: 'json' }));
      process.stdout.write(`recorded fork-notice/opened: ${history.events?.length ?? 0} events\n`);
    });
  } finally {
    await harness.close();
  }
}

main().catch((err: unknown) => {
  process.stderr.write(`${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
  process.exitCode = 1;
});
