import type { ArgoParameter } from '../../domain/types';

/**
 * What kube-ci injects (SPEC B §8.5, in that order) into the `buildAndTest` pipeline of Codertocat/Hello-World
 * built on `master`: its own `greeting` first, its `branch` replaced. The fake serves clone URLs on its own host.
 */
export function helloWorldMasterParameters(githubUrl: string, sha: string): ArgoParameter[] {
  const host = new URL(githubUrl).host;
  return [
    { name: 'greeting', value: 'hello' },
    { name: 'repo', value: `git@${host}:Codertocat/Hello-World.git` },
    { name: 'repo_git_url', value: `git://${host}/Codertocat/Hello-World.git` },
    { name: 'repo_https_url', value: `http://${host}/git/Codertocat/Hello-World.git` },
    { name: 'repoName', value: 'Hello-World' },
    { name: 'orgName', value: 'Codertocat' },
    { name: 'revision', value: sha },
    { name: 'refType', value: 'branch' },
    { name: 'refName', value: 'master' },
    { name: 'branch', value: 'master' },
    { name: 'repoDefaultBranch', value: 'master' },
    { name: 'pullRequestID', value: '' },
    { name: 'pullRequestBaseBranch', value: '' },
  ];
}

/** Labels of SPEC B §8.7 for that run (labelSafe'd org, repo and branch). */
export const helloWorldMasterLabels = {
  managedBy: 'kube-ci',
  org: 'codertocat',
  repo: 'hello-world',
  branch: 'master',
};
