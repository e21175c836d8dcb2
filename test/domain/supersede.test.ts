import { describe, expect, it } from 'vitest';
import { selects, type RunSelector } from '../../domain/run-selector';
import { supersedes, type RunFacts, type SupersedeAsk } from '../../domain/supersede';
import { triggerWith } from './fixtures';

const OLD_SHA = '1'.repeat(40);
const NEW_SHA = '2'.repeat(40);
const T0 = Date.parse('2026-01-01T10:00:00Z');

/** The asking run: a default run of NEW_SHA on master, pushed at T0 + 60 s, started at T0 + 120 s. */
function ask(overrides: Partial<SupersedeAsk> = {}, trigger: Parameters<typeof triggerWith>[0] = {}): SupersedeAsk {
  return {
    trigger: triggerWith({ sha: NEW_SHA, pushedAt: new Date(T0 + 60_000).toISOString(), ...trigger }),
    workflowId: 'asking',
    startedAtMs: T0 + 120_000,
    pipelineEntrypoint: 'build',
    ...overrides,
  };
}

/** A running default run of OLD_SHA on master, pushed at T0, started at T0 + 1 s. */
function running(overrides: Partial<RunFacts> = {}): RunFacts {
  return {
    workflowId: 'older',
    source: 'check_suite',
    branch: 'master',
    entrypoint: 'default',
    sha: OLD_SHA,
    startedAtMs: T0 + 1000,
    pushedAtMs: T0,
    ...overrides,
  };
}

describe('supersedes', () => {
  it.each<[string, SupersedeAsk, RunFacts, boolean]>([
    ['an older push of the branch', ask(), running(), true],
    ['itself', ask(), running({ workflowId: 'asking' }), false],
    ['another branch', ask(), running({ branch: 'feature' }), false],
    ['a manual step’s run', ask(), running({ source: 'check_run_action', entrypoint: 'deploy' }), false],
    [
      'a manual step’s run of the pipeline’s entrypoint',
      ask(),
      running({ source: 'check_run_action', entrypoint: 'build' }),
      false,
    ],
    ['a deployment’s run', ask(), running({ source: 'deployment' }), false],
    ['anything, when the asking run is a deployment', ask({}, { source: 'deployment' }), running(), false],
    [
      'a run of another entrypoint (a re-run of `Workflow - lint`)',
      ask(),
      running({ entrypoint: 'lint', source: 'check_run_rerequested' }),
      false,
    ],
    [
      'a re-run of the default check run `Workflow - build`: the same entrypoint group',
      ask(),
      running({ entrypoint: 'build', source: 'check_run_rerequested' }),
      true,
    ],
    [
      'a default run, asked by a re-run of `Workflow - build`',
      ask({}, { entrypoint: 'build', source: 'check_run_rerequested' }),
      running(),
      true,
    ],
    [
      'a default run, asked by a re-run of another entrypoint',
      ask({}, { entrypoint: 'lint', source: 'check_run_rerequested' }),
      running(),
      false,
    ],
    [
      'a NEWER commit’s run that started earlier: a late delivery of an older push',
      ask({ startedAtMs: T0 + 120_000 }, { sha: OLD_SHA, pushedAt: new Date(T0).toISOString() }),
      running({ sha: NEW_SHA, pushedAtMs: T0 + 60_000, startedAtMs: T0 + 61_000 }),
      false,
    ],
    [
      'an older commit’s run that started later (its delivery was late)',
      ask({ startedAtMs: T0 + 61_000 }),
      running({ startedAtMs: T0 + 120_000 }),
      true,
    ],
    [
      'a run without PushedAt (started before it existed): start order',
      ask(),
      running({ pushedAtMs: undefined }),
      true,
    ],
    [
      'a run without PushedAt that started later',
      ask(),
      running({ pushedAtMs: undefined, startedAtMs: T0 + 200_000 }),
      false,
    ],
    [
      'the same commit’s earlier run (a PR opened after its push ran): start order',
      ask(),
      running({ sha: NEW_SHA, pushedAtMs: T0 + 60_000 }),
      true,
    ],
  ])('%s → %s', (_what, asking, candidate, expected) => {
    expect(supersedes(asking, candidate)).toBe(expected);
  });

  it('without the pipeline entrypoint, a run of an entrypoint by name stays its own group', () => {
    expect(
      supersedes(
        ask({ pipelineEntrypoint: undefined }),
        running({ entrypoint: 'build', source: 'check_run_rerequested' }),
      ),
    ).toBe(false);
  });
});

describe('selects', () => {
  const selector = (overrides: Partial<RunSelector> = {}): RunSelector => ({
    repo: { owner: 'o', name: 'r' },
    reason: 'test',
    ...overrides,
  });
  const run = { workflowId: 'w', source: 'check_suite', branch: 'feature', pullRequest: 3 };

  it.each<[string, RunSelector, typeof run, boolean]>([
    ['a closed PR’s run', selector({ pullRequest: 3 }), run, true],
    ['another PR’s run', selector({ pullRequest: 4 }), run, false],
    ['a run without a PR, for a PR', selector({ pullRequest: 3 }), { ...run, pullRequest: undefined as never }, false],
    ['a deleted branch’s run', selector({ branch: 'feature' }), run, true],
    ['another branch’s run', selector({ branch: 'main' }), run, false],
    ['a deployment run of a deleted branch', selector({ branch: 'feature' }), { ...run, source: 'deployment' }, false],
    [
      'a deployment run of a gone repository',
      selector({ includeDeployments: true }),
      { ...run, source: 'deployment' },
      true,
    ],
    ['a manual step’s run of a closed PR', selector({ pullRequest: 3 }), { ...run, source: 'check_run_action' }, true],
  ])('%s → %s', (_what, sel, candidate, expected) => {
    expect(selects(sel, candidate)).toBe(expected);
  });
});
