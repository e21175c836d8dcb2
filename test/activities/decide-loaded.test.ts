import { ApplicationFailure } from '@temporalio/common';
import { describe, expect, it } from 'vitest';
import { decideLoaded, type AskAuthorised } from '../../activities/decide-loaded';
import type { LoadPipelineResult } from '../../activities/load-pipeline';
import { Failure } from '../../domain/failures';
import { pipeline, settingsWith, triggerWith } from '../domain/fixtures';
import { exampleRepo } from '../workflows/fake-activities';

type Found = Extract<LoadPipelineResult, { kind: 'found' }>;

const found = (overrides: Partial<Found> = {}): Found => ({
  kind: 'found',
  workflow: pipeline(),
  file: '.kube-ci/ci.yaml',
  repo: exampleRepo,
  settings: settingsWith(),
  ...overrides,
});

/** Records who was asked about, answering `authorised`. */
function asker(authorised: boolean): { ask: AskAuthorised; asked: string[] } {
  const asked: string[] = [];
  const ask: AskAuthorised = async ({ login }) => {
    asked.push(login);
    return { authorised, reason: authorised ? `@${login} has write access` : `@${login} has only read access` };
  };
  return { ask, asked };
}

// Run shape 0.6: loadPipeline decides the run (domain/run-decision.ts) and history keeps the decision.
describe('decideLoaded', () => {
  it('decides a default run without asking, the decided workflow in place of the pipeline, once', async () => {
    const { ask, asked } = asker(true);
    const decided = await decideLoaded(found(), triggerWith({ entrypoint: 'lint' }), ask);
    expect(decided.decision).toEqual({
      kind: 'run',
      entrypoint: 'lint',
      checkRunName: 'Workflow - lint',
      warnings: [],
      pipelineEntrypoint: 'build',
    });
    expect(decided.workflow.spec.entrypoint).toBe('lint');
    expect(JSON.stringify(decided.decision)).not.toContain('templates');
    expect(asked).toEqual([]);
  });

  it('skips an automatic run the branch rules exclude, without asking', async () => {
    const { ask, asked } = asker(true);
    const decided = await decideLoaded(
      found({ settings: settingsWith({ buildBranches: '^release-' }) }),
      triggerWith(),
      ask,
    );
    expect(decided.decision).toMatchObject({ kind: 'skip' });
    expect(decided.decision).not.toHaveProperty('askAuthorisation');
    expect(asked).toEqual([]);
  });

  it('asks once about the person who pressed Re-run when the rules refuse it, and decides with the answer', async () => {
    const excluded = found({ settings: settingsWith({ buildBranches: '^release-' }) });
    const press = triggerWith({ source: 'check_suite_rerequested', sender: 'maintainer' });
    const yes = asker(true);
    expect((await decideLoaded(excluded, press, yes.ask)).decision).toMatchObject({ kind: 'run', entrypoint: 'build' });
    expect(yes.asked).toEqual(['maintainer']);

    const no = asker(false);
    const refused = (await decideLoaded(excluded, press, no.ask)).decision;
    expect(refused).toEqual({ kind: 'skip', reason: expect.stringMatching(/\(@maintainer has only read access\)$/) });
    expect(no.asked).toEqual(['maintainer']);
  });

  it('makes a pipeline the rules cannot take a non-retryable InternalError (a retry would decide the same)', async () => {
    const broken = pipeline();
    (broken.spec as Record<string, unknown>)['templates'] = {};
    const failure = await decideLoaded(found({ workflow: broken }), triggerWith(), asker(true).ask).catch((e) => e);
    expect(failure).toBeInstanceOf(ApplicationFailure);
    expect(failure).toMatchObject({ type: Failure.InternalError, nonRetryable: true });
    expect(failure.message).toMatch(/^kube-ci internal error deciding the run: /);
  });
});
