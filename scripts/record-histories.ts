/**
 * Records the histories of the representative ciRunWorkflow runs (test/workflows/recorded-runs.ts) on a
 * throw-away Temporal dev server with fake activities, into test/fixtures/histories/<name>.json.
 *
 *   npx tsx scripts/record-histories.ts [name …]     (no names: all)
 *
 * Re-record only when a workflow change is meant to be incompatible (a new worker build); a change behind
 * `patched()` must replay the old histories unchanged, so keep those and add new ones beside them.
 */
import { historyToJSON } from '../test/workflows/history-json';
import { mkdirSync, writeFileSync } from 'node:fs';
import { format } from 'prettier';
import { fileURLToPath } from 'node:url';
import { startWorkflowHarness } from '../test/workflows/harness';
import { recordedRuns } from '../test/workflows/recorded-runs';

const outDir = fileURLToPath(new URL('../test/fixtures/histories/', import.meta.url));

async function main(names: string[]): Promise<void> {
  const unknown = names.filter((n) => !(n in recordedRuns));
  if (unknown.length > 0)
    throw new Error(`unknown run(s) ${unknown.join(', ')}; known: ${Object.keys(recordedRuns).join(', ')}`);
  const selected = names.length > 0 ? names : Object.keys(recordedRuns);
  mkdirSync(outDir, { recursive: true });
  const harness = await startWorkflowHarness();
  try {
    for (const name of selected) {
      const handle = await recordedRuns[name]!(harness);
      const history = await handle.fetchHistory();
      // Formatted as the repository formats JSON, so `npm run format` leaves recordings alone.
      writeFileSync(`${outDir}${name}.json`, await format(historyToJSON(history), { parser: 'json' }));
      process.stdout.write(`recorded ${name}: ${history.events?.length ?? 0} events\n`);
    }
  } finally {
    await harness.close();
  }
}

main(process.argv.slice(2)).catch((err: unknown) => {
  process.stderr.write(`${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
  process.exit(1);
});
