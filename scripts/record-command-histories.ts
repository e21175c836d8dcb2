/**
 * Records the histories of the representative commentCommandWorkflow runs (test/workflows/command-runs.ts) on a
 * throw-away Temporal dev server with fake activities, into test/fixtures/histories/commands/<name>.json.
 *
 *   npx tsx scripts/record-command-histories.ts [name …]     (no names: all)
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { format } from 'prettier';
import { recordedCommands } from '../test/workflows/command-runs';
import { startWorkflowHarness } from '../test/workflows/harness';
import { historyToJSON } from '../test/workflows/history-json';

const outDir = fileURLToPath(new URL('../test/fixtures/histories/commands/', import.meta.url));

async function main(names: string[]): Promise<void> {
  const selected = names.length > 0 ? names : Object.keys(recordedCommands);
  const unknown = selected.filter((n) => !(n in recordedCommands));
  if (unknown.length > 0) throw new Error(`unknown run(s) ${unknown.join(', ')}`);
  mkdirSync(outDir, { recursive: true });
  const harness = await startWorkflowHarness();
  try {
    for (const name of selected) {
      const history = await (await recordedCommands[name]!(harness)).fetchHistory();
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
