import { bundleWorkflowCode, Worker } from '@temporalio/worker';
import { DeterminismViolationError } from '@temporalio/workflow';
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { workflowsPath } from '../../worker/create-worker';
import { installQuietRuntime, silentBundlerLogger } from './harness';
import { historyFromJSON } from './history-json';
import { sharedWorkflowBundle } from '../support/workflow-bundle';
import { recordedRuns } from './recorded-runs';

const historiesDir = fileURLToPath(new URL('../fixtures/histories/', import.meta.url));
const variant = (file: string): string => fileURLToPath(new URL(`./variants/${file}`, import.meta.url));
const jsonFiles = (dir: string): string[] =>
  readdirSync(`${historiesDir}${dir}`)
    .filter((f) => f.endsWith('.json'))
    .map((f) => `${dir}${f}`)
    .sort();
/** Histories of released shapes, frozen: `released-<version>/`, one folder per release whose shape changed. */
const releasedDirs = readdirSync(historiesDir).filter((d) => d.startsWith('released-'));
/** Histories of today's shape, recorded by scripts/record-histories.ts from recorded-runs.ts. */
const currentFiles = jsonFiles('');
const historyFiles = [...releasedDirs.flatMap((d) => jsonFiles(`${d}/`)), ...currentFiles];
const load = (file: string) => historyFromJSON(JSON.parse(readFileSync(`${historiesDir}${file}`, 'utf8')));
const bundle = (path: string) => bundleWorkflowCode({ workflowsPath: path, logger: silentBundlerLogger });

/** Replays with the workflow id of the recording, as the worker would see it. */
function replay(workflowBundle: { code: string }, file: string): Promise<void> {
  return Worker.runReplayHistory({ workflowBundle }, load(file), file.replace(/^.*\//, '').replace(/\.json$/, ''));
}

// Recorded histories (test/fixtures/histories, made by scripts/record-histories.ts) against today's
// workflows/: a change to the sequence of commands without patched() fails here before it strands runs.
describe('ciRunWorkflow replay', () => {
  let current: { code: string };
  beforeAll(async () => {
    installQuietRuntime();
    current = await sharedWorkflowBundle(workflowsPath);
  }, 60_000);

  it('replays at least one released shape besides the current one', () => {
    expect(releasedDirs.length).toBeGreaterThan(0);
  });

  it('has a recorded history of the current shape for every representative run', () => {
    expect(currentFiles).toEqual(
      Object.keys(recordedRuns)
        .map((name) => `${name}.json`)
        .sort(),
    );
  });

  for (const file of historyFiles) {
    it(`replays ${file} deterministically`, async () => {
      await replay(current, file);
    });
  }

  it('rejects every recorded run when two activities are swapped without patched()', async () => {
    const reordered = await bundle(variant('reordered-activities.ts'));
    for (const file of historyFiles) {
      await expect(replay(reordered, file), file).rejects.toBeInstanceOf(DeterminismViolationError);
    }
  }, 240_000);

  it('accepts the same change behind patched()', async () => {
    const versioned = await bundle(variant('patched-extra-step.ts'));
    for (const file of historyFiles) await replay(versioned, file);
  }, 240_000);
});
