/**
 * Records the history of one refRunWorkflow (a tag resolved, its CI run started as a child, both with the fake
 * activities of test/workflows/fake-activities.ts) into test/fixtures/histories/ref-run/tag.json, which
 * test/workflows/ref-run.test.ts replays. A separate script because scripts/record-histories.ts records
 * ciRunWorkflow runs only.
 *
 *   npx tsx scripts/record-ref-run-history.ts
 */
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { format } from 'prettier';
import { fakeActivities } from '../test/workflows/fake-activities';
import { freshTrigger, startWorkflowHarness, withWorker } from '../test/workflows/harness';
import { historyToJSON } from '../test/workflows/history-json';

const out = fileURLToPath(new URL('../test/fixtures/histories/ref-run/tag.json', import.meta.url));

async function main(): Promise<void> {
  const harness = await startWorkflowHarness();
  try {
    const { sha: _sha, ...trigger } = freshTrigger({ source: 'tag', refType: 'tag', ref: 'v1.0.0' });
    await withWorker(harness, fakeActivities().activities, async ({ taskQueue }) => {
      const handle = await harness.client.workflow.start('refRunWorkflow', {
        taskQueue,
        workflowId: 'ref-run-tag',
        args: [{ trigger, runKey: 'tag-0123456789abcdef', event: { ref: 'v1.0.0' } }],
      });
      await handle.result();
      const history = await handle.fetchHistory();
      writeFileSync(out, await format(historyToJSON(history), { parser: 'json' }));
      process.stdout.write(`recorded ref-run/tag: ${history.events?.length ?? 0} events\n`);
    });
  } finally {
    await harness.close();
  }
}

main().catch((err: unknown) => {
  process.stderr.write(`${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
  process.exitCode = 1;
});
