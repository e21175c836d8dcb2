import { describe, expect, it } from 'vitest';
import { policy } from '../../domain/policy';
import { decideRun } from '../../domain/run-decision';
import type { PullRequestInfo, TriggerSource } from '../../domain/types';
import { pipeline, settingsWith, triggerWith } from './fixtures';

const P2_MESSAGE =
  'checks are not automatically run for base branches that do not match `^main$`, you can run manually using `/kube-ci run`';
const DRAFT_MESSAGE = 'auto checks Draft PRs are disabled, you can run manually using `/kube-ci run`';
const FORK_MESSAGE = 'refusing to build non-local PR, org members can run them manually using `/kube-ci run`';

function pr(overrides: Partial<PullRequestInfo> = {}): PullRequestInfo {
  return {
    number: 1,
    headRef: 'feature',
    headSha: 'abc',
    baseRef: 'main',
    headRepoUrl: 'https://api.github.com/repos/o/r',
    baseRepoUrl: 'https://api.github.com/repos/o/r',
    ...overrides,
  };
}

describe('policy', () => {
  it.each([
    ['P1: empty config, no PRs', { buildBranches: '', buildDraftPRs: false, pullRequests: [] }, undefined],
    ['P2: ^main$ on master, no PRs', { buildBranches: '^main$', buildDraftPRs: false, pullRequests: [] }, P2_MESSAGE],
    ['P3: empty config, same-repo PR', { buildBranches: '', buildDraftPRs: false, pullRequests: [pr()] }, undefined],
    [
      'P4: ^main$, PR with empty base',
      { buildBranches: '^main$', buildDraftPRs: false, pullRequests: [pr({ baseRef: '' })] },
      P2_MESSAGE,
    ],
    [
      'P5: drafts allowed, draft PR',
      { buildBranches: '', buildDraftPRs: true, pullRequests: [pr({ draft: true })] },
      undefined,
    ],
    [
      'P6: drafts disabled, draft PR',
      { buildBranches: '', buildDraftPRs: false, pullRequests: [pr({ draft: true })] },
      DRAFT_MESSAGE,
    ],
    [
      'fork PR',
      {
        buildBranches: '',
        buildDraftPRs: true,
        pullRequests: [pr({ headRepoUrl: 'https://api.github.com/repos/fork/r' })],
      },
      FORK_MESSAGE,
    ],
    [
      'one matching base among several',
      { buildBranches: '^main$', buildDraftPRs: false, pullRequests: [pr({ baseRef: 'x' }), pr({ baseRef: 'main' })] },
      undefined,
    ],
    [
      'one non-draft among drafts',
      { buildBranches: '', buildDraftPRs: false, pullRequests: [pr({ draft: true }), pr({ draft: false })] },
      undefined,
    ],
    [
      'unanchored default matches inside names (G13 kept)',
      { buildBranches: 'master', buildDraftPRs: false, pullRequests: [], headRef: 'my-master-x' },
      undefined,
    ],
  ])('%s', (_name, input, expectedMessage) => {
    const result = policy({ headRef: 'master', ...input });
    expect(result).toEqual(
      expectedMessage === undefined ? { kind: 'allow' } : { kind: 'reject', message: expectedMessage },
    );
  });

  it('rejects with a clear message when buildBranches does not compile', () => {
    const result = policy({ headRef: 'master', pullRequests: [], buildBranches: '(', buildDraftPRs: false });
    expect(result.kind).toBe('reject');
    if (result.kind === 'reject') expect(result.message).toMatch(/^buildBranches: invalid regex/);
  });
});

describe('decideRun', () => {
  it('runs the default entrypoint as "Workflow - <entrypoint>"', () => {
    const decision = decideRun({ trigger: triggerWith(), workflow: pipeline(), settings: settingsWith() });
    expect(decision).toMatchObject({
      kind: 'run',
      entrypoint: 'build',
      checkRunName: 'Workflow - build',
      warnings: [],
    });
  });

  it('applies a requested entrypoint without changing the input pipeline', () => {
    const input = pipeline();
    const decision = decideRun({
      trigger: triggerWith({ source: 'check_run_action', entrypoint: 'lint' }),
      workflow: input,
      settings: settingsWith(),
    });
    expect(decision).toMatchObject({ kind: 'run', entrypoint: 'lint', checkRunName: 'Workflow - lint' });
    if (decision.kind === 'run') expect(decision.workflow.spec.entrypoint).toBe('lint');
    expect(input.spec.entrypoint).toBe('build');
  });

  it.each<TriggerSource>(['check_suite', 'pull_request', 'tag', 'merge_group'])(
    'skips (no check run) when policy rejects the automatic trigger %s',
    (source) => {
      const decision = decideRun({
        trigger: triggerWith({ source }),
        workflow: pipeline({ 'kube-ci.qutics.com/runForTag': 'true' }),
        settings: settingsWith({ buildBranches: '^main$' }),
      });
      expect(decision).toEqual({ kind: 'skip', reason: P2_MESSAGE });
    },
  );

  const refusedEverywhere = {
    pullRequests: [pr({ draft: true, baseRef: 'dev', headRepoUrl: 'https://api.github.com/repos/fork/r' })],
  };

  it.each<TriggerSource>(['slash_command', 'api', 'deployment'])(
    'lets the explicit trigger %s bypass branch, draft and fork rules (G12)',
    (source) => {
      const decision = decideRun({
        trigger: triggerWith({ source, ...refusedEverywhere }),
        workflow: pipeline(),
        settings: settingsWith({ buildBranches: '^main$' }),
      });
      expect(decision.kind).toBe('run');
    },
  );

  describe.each<TriggerSource>(['check_suite_rerequested', 'check_run_rerequested', 'check_run_action'])(
    'a press on GitHub (%s) the rules refuse',
    (source) => {
      const decide = (authorised?: boolean | 'legacy') =>
        decideRun({
          trigger: triggerWith({ source, pullRequests: [pr({ baseRef: 'dev' })] }),
          workflow: pipeline(),
          settings: settingsWith({ buildBranches: '^main$' }),
          ...(authorised === undefined ? {} : { authorised }),
        });

      it('asks whether the person who pressed is authorised', () => {
        expect(decide()).toEqual({ kind: 'skip', reason: P2_MESSAGE, askAuthorisation: true });
      });

      it('runs once they are (G12), stays skipped when they are not', () => {
        expect(decide(true).kind).toBe('run');
        expect(decide(false)).toEqual({ kind: 'skip', reason: P2_MESSAGE });
      });

      it('decides as shapes before 0.4 did (legacy): re-runs under policy, Run presses never', () => {
        expect(decide('legacy').kind).toBe(source === 'check_run_action' ? 'run' : 'skip');
      });
    },
  );

  it('never asks for a press the rules allow', () => {
    const decision = decideRun({
      trigger: triggerWith({ source: 'check_run_rerequested' }),
      workflow: pipeline(),
      settings: settingsWith({ buildBranches: '^master$' }),
    });
    expect(decision.kind).toBe('run');
  });

  it('skips branches when runForBranch is false, tags unless runForTag is true', () => {
    const noBranches = pipeline({ 'kube-ci.qutics.com/runForBranch': 'False' });
    expect(decideRun({ trigger: triggerWith(), workflow: noBranches, settings: settingsWith() })).toEqual({
      kind: 'skip',
      reason: 'the pipeline does not run for branch master (runForBranch)',
    });
    const tag = triggerWith({ source: 'tag', ref: 'v1.0.0', refType: 'tag' });
    expect(decideRun({ trigger: tag, workflow: pipeline(), settings: settingsWith() }).kind).toBe('skip');
    expect(
      decideRun({ trigger: tag, workflow: pipeline({ 'kube-ci.qutics.com/runForTag': '1' }), settings: settingsWith() })
        .kind,
    ).toBe('run');
  });

  it('lets explicit runs ignore runForBranch (G51)', () => {
    const noBranches = pipeline({ 'kube-ci.qutics.com/runForBranch': 'false' });
    const decision = decideRun({
      trigger: triggerWith({ source: 'slash_command' }),
      workflow: noBranches,
      settings: settingsWith(),
    });
    expect(decision.kind).toBe('run');
  });

  it('keeps the default for an invalid runForBranch value and warns', () => {
    const decision = decideRun({
      trigger: triggerWith(),
      workflow: pipeline({ 'kube-ci.qutics.com/runForBranch': 'nope' }),
      settings: settingsWith(),
    });
    expect(decision).toMatchObject({
      kind: 'run',
      warnings: ['ignoring annotation kube-ci.qutics.com/runForBranch: "nope" is not a boolean'],
    });
  });

  it('reports an unknown entrypoint as an invalid Default Workflow', () => {
    const decision = decideRun({
      trigger: triggerWith({ source: 'api', entrypoint: 'nope' }),
      workflow: pipeline(),
      settings: settingsWith(),
    });
    expect(decision).toEqual({
      kind: 'invalid',
      checkRunName: 'Default Workflow',
      message: 'error finding workflow endpoint, requested entrypoint "nope" not found in workflow templates',
    });
  });

  it('names the requested value (possibly "") when spec.entrypoint has no template', () => {
    const broken = pipeline();
    broken.spec.entrypoint = 'missing';
    const decision = decideRun({ trigger: triggerWith(), workflow: broken, settings: settingsWith() });
    expect(decision).toMatchObject({
      kind: 'invalid',
      message: 'error finding workflow endpoint, requested entrypoint "" not found in workflow templates',
    });
  });

  describe('deployments', () => {
    const settings = settingsWith({ deployTemplates: '^release$' });
    const trigger = triggerWith({ source: 'deployment' });

    it('runs the task with the environment set and a "(deployment)" check run', () => {
      const input = pipeline();
      const decision = decideRun({
        trigger,
        workflow: input,
        settings,
        deployment: { task: 'release', environment: 'staging' },
      });
      expect(decision).toMatchObject({
        kind: 'run',
        entrypoint: 'release',
        checkRunName: 'Workflow - release (deployment)',
      });
      if (decision.kind !== 'run') return;
      const release = decision.workflow.spec.templates?.find((t) => t.name === 'release');
      expect(release?.inputs?.parameters).toEqual([{ name: 'environment', value: 'staging' }]);
      expect(input.spec.templates?.[1]?.inputs?.parameters).toEqual([{ name: 'environment' }]);
    });

    it.each([
      [
        'a task outside deployTemplates',
        {},
        { task: 'build', environment: 'prod' },
        settings,
        'requested deployment action build does not match configured deployment templates, ^release$',
      ],
      [
        'the annotation override',
        { 'kube-ci.qutics.com/deployTemplates': '^build$' },
        { task: 'release', environment: 'prod' },
        settings,
        'requested deployment action release does not match configured deployment templates, ^build$',
      ],
      [
        'a missing environment parameter',
        {},
        { task: 'release', environment: 'prod' },
        settingsWith({ deployTemplates: '^release$', environmentParameter: 'env' }),
        'did not find deployment environment parameter env in template release',
      ],
    ])('is invalid for %s', (_name, annotations, deployment, runSettings, message) => {
      const decision = decideRun({ trigger, workflow: pipeline(annotations), settings: runSettings, deployment });
      expect(decision).toEqual({
        kind: 'invalid',
        checkRunName: 'Default Workflow',
        message: `error finding workflow endpoint, ${message}`,
      });
    });

    it('reports an invalid deployTemplates annotation', () => {
      const decision = decideRun({
        trigger,
        workflow: pipeline({ 'kube-ci.qutics.com/deployTemplates': '(' }),
        settings,
        deployment: { task: 'release', environment: 'x' },
      });
      expect(decision.kind).toBe('invalid');
      if (decision.kind === 'invalid')
        expect(decision.message).toContain('annotation kube-ci.qutics.com/deployTemplates contains invalid regex');
    });

    it('takes the deployment from the trigger (G10), so the workflow passes nothing extra', () => {
      const asked = triggerWith({ source: 'deployment', deployment: { id: 5, task: 'release', environment: 'qa' } });
      const decision = decideRun({ trigger: asked, workflow: pipeline(), settings });
      expect(decision).toMatchObject({ kind: 'run', checkRunName: 'Workflow - release (deployment)' });
    });

    it('warns on the check run about a bad deployTemplates annotation instead of crashing (G3)', () => {
      const decision = decideRun({
        trigger: triggerWith(),
        workflow: pipeline({ 'kube-ci.qutics.com/deployTemplates': '(' }),
        settings,
      });
      expect(decision).toMatchObject({ kind: 'run', entrypoint: 'build' });
      if (decision.kind !== 'run') return;
      expect(decision.warnings).toEqual([
        expect.stringMatching(
          /^ignoring bad deploy template regexp in annotation kube-ci\.qutics\.com\/deployTemplates, /,
        ),
      ]);
    });

    it('warns about a deploy template without the environment parameter: its steps cannot be deployments', () => {
      const decision = decideRun({
        trigger: triggerWith(),
        workflow: pipeline(),
        settings: settingsWith({ deployTemplates: '^(release|lint)$' }),
      });
      expect(decision).toMatchObject({
        kind: 'run',
        warnings: ['deploy template lint has no input parameter environment: its steps are not tracked as deployments'],
      });
    });
  });
});
