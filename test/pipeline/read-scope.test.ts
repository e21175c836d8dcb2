import { describe, expect, it } from 'vitest';
import {
  DEFAULT_GITHUB_REPOS,
  effectiveEntries,
  githubRepoEntryProblem,
  mayReadRepository,
  readRefusal,
} from '../../pipeline/read-scope';

const origin = { owner: 'acme', repo: 'app' };
const may = (target: string, entries: readonly string[] = DEFAULT_GITHUB_REPOS) => {
  const [owner = '', repo = ''] = target.split('/');
  return mayReadRepository({ owner, repo }, origin, entries);
};

describe('the github:// allow-list rule', () => {
  it('always allows the run’s own repository, whatever the list', () => {
    expect(may('acme/app', [])).toBe(true);
    expect(may('ACME/App', [])).toBe(true);
    expect(may('acme/other', [])).toBe(false);
  });

  it('by default allows every repository of the same owner and nothing else', () => {
    expect(DEFAULT_GITHUB_REPOS).toEqual(['{owner}/*']);
    expect(may('acme/shared-ci')).toBe(true);
    expect(may('Acme/Shared-CI')).toBe(true);
    expect(may('evil/app')).toBe(false);
    expect(may('acme-evil/app')).toBe(false);
  });

  it('matches owner/repo exactly and owner/* for the whole owner', () => {
    const entries = ['platform/tools', 'shared/*', '{owner}/ci'];
    expect(may('platform/tools', entries)).toBe(true);
    expect(may('platform/tools2', entries)).toBe(false);
    expect(may('shared/anything', entries)).toBe(true);
    expect(may('acme/ci', entries)).toBe(true);
    expect(may('acme/shared-ci', entries)).toBe(false);
    expect(effectiveEntries(origin, entries)).toEqual(['platform/tools', 'shared/*', 'acme/ci']);
  });

  it('names the URL, the repository, what is allowed and the setting in a refusal', () => {
    expect(readRefusal({ owner: 'evil', repo: 'k' }, origin, DEFAULT_GITHUB_REPOS)).toBe(
      'repository evil/k is outside the repositories this pipeline may read (allowed: acme/app (this repository), acme/*; setting KUBECI_STARLARK_GITHUB_REPOS / starlark.githubRepos)',
    );
  });

  it('accepts only entries the rule can match', () => {
    for (const good of ['acme/*', 'acme/repo.name', '{owner}/*', '{owner}/ci', 'a-b/c_d'])
      expect(githubRepoEntryProblem(good)).toBeUndefined();
    for (const bad of ['acme', '*', '*/*', 'a/b/c', 'acme/', '/x', 'acme/..', '-x/y', 'ac me/x', '{repo}/x'])
      expect(githubRepoEntryProblem(bad), bad).toBeDefined();
  });
});
