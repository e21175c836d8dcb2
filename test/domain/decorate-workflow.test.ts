import { describe, expect, it } from 'vitest';
import { decorateWorkflow, type DecorateContext } from '../../domain/decorate-workflow';
import type { ArgoWorkflow } from '../../domain/types';
import { pipeline, settingsWith } from './fixtures';

const P = 'kube-ci.qutics.com';

function ctxWith(overrides: Partial<DecorateContext> = {}): DecorateContext {
  return {
    repo: {
      owner: 'tcolgate',
      name: 'kube-ci',
      sshUrl: 'git@github.com:tcolgate/kube-ci.git',
      gitUrl: 'git://github.com/tcolgate/kube-ci.git',
      cloneUrl: 'https://github.com/tcolgate/kube-ci.git',
      defaultBranch: 'master',
      htmlUrl: 'https://github.com/tcolgate/kube-ci',
    },
    sha: 'abc123',
    ref: 'feature/Foo',
    refType: 'branch',
    entrypoint: '',
    pullRequests: [],
    installationId: 593693,
    settings: settingsWith(),
    salt: 'ci/tcolgate/kube-ci/abc123/default/suite-1',
    ...overrides,
  };
}

const params = (wf: ArgoWorkflow): [string, string | undefined][] =>
  (wf.spec.arguments?.parameters ?? []).map((p) => [p.name, p.value]);

describe('decorateWorkflow', () => {
  it('appends the 12 parameters in the original order', () => {
    const result = decorateWorkflow(pipeline(), ctxWith());
    expect(params(result)).toEqual([
      ['repo', 'git@github.com:tcolgate/kube-ci.git'],
      ['repo_git_url', 'git://github.com/tcolgate/kube-ci.git'],
      ['repo_https_url', 'https://github.com/tcolgate/kube-ci.git'],
      ['repoName', 'kube-ci'],
      ['orgName', 'tcolgate'],
      ['revision', 'abc123'],
      ['refType', 'branch'],
      ['refName', 'feature/Foo'],
      ['branch', 'feature/Foo'],
      ['repoDefaultBranch', 'master'],
      ['pullRequestID', ''],
      ['pullRequestBaseBranch', ''],
    ]);
  });

  it('removes user copies of injected names (G4), keeps other user parameters in order', () => {
    const input = pipeline();
    input.spec.arguments = {
      parameters: [
        { name: 'first', value: '1' },
        { name: 'orgName', value: 'user' },
        { name: 'refType', value: 'user' },
        { name: 'tag', value: 'user' },
        { name: 'cacheVolumeClaimName', value: 'user' },
        { name: 'second', value: '2' },
      ],
    };
    const result = decorateWorkflow(
      input,
      ctxWith({ refType: 'tag', ref: 'v1.0', cacheVolumeClaimName: 'ci-project-x' }),
    );
    const names = params(result).map(([n]) => n);
    expect(names.slice(0, 2)).toEqual(['first', 'second']);
    expect(new Set(names).size).toBe(names.length);
    expect(params(result)).toContainEqual(['tag', 'v1.0']);
    expect(params(result).at(-1)).toEqual(['cacheVolumeClaimName', 'ci-project-x']);
  });

  it('keeps a user parameter that is not injected this time (tag on a branch build)', () => {
    const input = pipeline();
    input.spec.arguments = {
      parameters: [
        { name: 'tag', value: '' },
        { name: 'cacheVolumeClaimName', value: 'mine' },
      ],
    };
    const result = decorateWorkflow(input, ctxWith());
    expect(params(result).slice(0, 2)).toEqual([
      ['tag', ''],
      ['cacheVolumeClaimName', 'mine'],
    ]);
  });

  it('sets PR parameters and annotations from the first PR, only when known (G56)', () => {
    const pr = { number: 42, headRef: 'f', headSha: 's', baseRef: 'main', headRepoUrl: 'u', baseRepoUrl: 'u' };
    const minimal = decorateWorkflow(pipeline(), ctxWith({ pullRequests: [pr] }));
    expect(params(minimal).slice(-2)).toEqual([
      ['pullRequestID', '42'],
      ['pullRequestBaseBranch', 'main'],
    ]);
    expect(minimal.metadata.annotations).not.toHaveProperty('workflows.argoproj.io/title');
    expect(minimal.metadata.annotations).not.toHaveProperty(`${P}/pr-url`);
    const full = decorateWorkflow(
      pipeline(),
      ctxWith({ pullRequests: [{ ...pr, title: 'Fix it', htmlUrl: 'https://github.com/o/r/pull/42' }] }),
    );
    expect(full.metadata.annotations).toMatchObject({
      'workflows.argoproj.io/title': 'Fix it',
      [`${P}/pr-url`]: 'https://github.com/o/r/pull/42',
    });
  });

  it('names the workflow deterministically from the salt, clears generateName, sets the namespace', () => {
    const a = decorateWorkflow(pipeline(), ctxWith());
    const b = decorateWorkflow(pipeline(), ctxWith());
    expect(a.metadata.name).toBe(b.metadata.name);
    expect(a.metadata.name).toMatch(/^kube-ci\.feature-foo\.x[-a-z0-9]+$/);
    expect(decorateWorkflow(pipeline(), ctxWith({ salt: 'other' })).metadata.name).not.toBe(a.metadata.name);
    expect(decorateWorkflow(pipeline(), ctxWith({ entrypoint: 'lint' })).metadata.name).toMatch(
      /^kube-ci\.lint\.feature-foo\./,
    );
    expect(a.metadata).not.toHaveProperty('generateName');
    expect(a.metadata.namespace).toBe('argo');
    expect(
      decorateWorkflow(pipeline(), ctxWith({ settings: settingsWith({ namespace: '' }) })).metadata,
    ).not.toHaveProperty('namespace');
  });

  it('writes labels and annotations, overwriting user values of the same keys', () => {
    const input = pipeline({ [`${P}/sha`]: 'user', keep: 'me' });
    input.metadata.labels = { team: 'x', managedBy: 'someone' };
    const result = decorateWorkflow(input, ctxWith({ checkRun: { id: 7, name: 'Workflow - build' } }));
    expect(result.metadata.labels).toEqual({
      team: 'x',
      managedBy: 'kube-ci',
      org: 'tcolgate',
      repo: 'kube-ci',
      branch: 'feature-foo',
    });
    expect(result.metadata.annotations).toEqual({
      keep: 'me',
      [`${P}/sha`]: 'abc123',
      [`${P}/branch`]: 'feature/Foo',
      [`${P}/repo`]: 'kube-ci',
      [`${P}/org`]: 'tcolgate',
      [`${P}/github-install-id`]: '593693',
      [`${P}/check-run-name`]: 'Workflow - build',
      [`${P}/check-run-id`]: '7',
    });
  });

  it('uses the configured annotation prefix', () => {
    const result = decorateWorkflow(
      pipeline(),
      ctxWith({ settings: settingsWith({ annotationPrefix: 'ci.example.com' }) }),
    );
    expect(result.metadata.annotations).toHaveProperty('ci.example.com/sha', 'abc123');
    expect(result.metadata.annotations).not.toHaveProperty(`${P}/sha`);
  });

  it('keeps a user TTL (G57) and defaults to 3 days', () => {
    expect(decorateWorkflow(pipeline(), ctxWith()).spec.ttlStrategy).toEqual({ secondsAfterCompletion: 259200 });
    const input = pipeline();
    input.spec.ttlStrategy = { secondsAfterSuccess: 60 };
    expect(decorateWorkflow(input, ctxWith()).spec.ttlStrategy).toEqual({ secondsAfterSuccess: 60 });
  });

  it('appends tolerations and merges the node selector, config winning', () => {
    const input = pipeline();
    input.spec.tolerations = [{ key: 'user' }];
    input.spec.nodeSelector = { ci: 'false', zone: 'a' };
    const settings = settingsWith({
      tolerations: [{ key: 'dedicated', value: 'ci', effect: 'NoSchedule' }],
      nodeSelector: { ci: 'true' },
    });
    const result = decorateWorkflow(input, ctxWith({ settings }));
    expect(result.spec.tolerations).toEqual([{ key: 'user' }, { key: 'dedicated', value: 'ci', effect: 'NoSchedule' }]);
    expect(result.spec.nodeSelector).toEqual({ ci: 'true', zone: 'a' });
    const plain = decorateWorkflow(pipeline(), ctxWith());
    expect(plain.spec).not.toHaveProperty('tolerations');
    expect(plain.spec).not.toHaveProperty('nodeSelector');
  });

  it('never mutates its input', () => {
    const input = pipeline({ a: 'b' });
    input.spec.arguments = { parameters: [{ name: 'repo', value: 'x' }] };
    const before = JSON.stringify(input);
    decorateWorkflow(input, ctxWith({ cacheVolumeClaimName: 'c', checkRun: { id: 1, name: 'n' } }));
    expect(JSON.stringify(input)).toBe(before);
  });

  it('uses main when the repo has no default branch', () => {
    const ctx = ctxWith();
    const result = decorateWorkflow(pipeline(), { ...ctx, repo: { ...ctx.repo, defaultBranch: '' } });
    expect(params(result)).toContainEqual(['repoDefaultBranch', 'main']);
  });
});
