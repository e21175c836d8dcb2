import { Worker } from '@temporalio/worker';
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { workflowsPath } from '../../worker/create-worker';
import { recordedCommands } from './command-runs';
import { installQuietRuntime } from './harness';
import { sharedWorkflowBundle } from '../support/workflow-bundle';
import { historyFromJSON } from './history-json';

const dir = fileURLToPath(new URL('../fixtures/histories/commands/', import.meta.url));
const files = readdirSync(dir)
  .filter((f) => f.endsWith('.json'))
  .sort();

// commentCommandWorkflow's recorded histories (scripts/record-command-histories.ts) against today's workflows/.
describe('commentCommandWorkflow replay', () => {
  let bundle: { code: string };
  beforeAll(async () => {
    installQuietRuntime();
    bundle = await sharedWorkflowBundle(workflowsPath);
  }, 60_000);

  it('has a recorded history for every representative command', () => {
    expect(files).toEqual(
      Object.keys(recordedCommands)
        .map((name) => `${name}.json`)
        .sort(),
    );
  });

  for (const file of files) {
    it(`replays ${file} deterministically`, async () => {
      const history = historyFromJSON(JSON.parse(readFileSync(`${dir}${file}`, 'utf8')));
      await Worker.runReplayHistory({ workflowBundle: bundle }, history, file.replace(/\.json$/, ''));
    });
  }
});
