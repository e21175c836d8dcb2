import type { ArgoParameter } from '../../domain/types';

/**
 * What kube-ci injects (SPEC B §8.5, in that order) into the `buildAndTest` pipeline of Codertocat/Hello-World
 * built on `master`: its own `greeting` first, its `branch` replaced. The fake serves clone URLs on its own host.
 */
export function helloWorldMasterParameters(githubUrl: string, sha: string): ArgoParameter[] {
  const host = new URL(githubUrl).host;
  return withRepoUrls(sha, {
    ssh: `git@${host}:Codertocat/Hello-World.git`,
    git: `git://${host}/Codertocat/Hello-World.git`,
    https: `http://${host}/git/Codertocat/Hello-World.git`,
  });
}

/**
 * The same for a run a webhook started: the URLs are the webhook's `repository` (CiTrigger.repository; the
 * recorded example payload names github.com), not a `GET /repos/{owner}/{repo}` of the fake.
 */
export function helloWorldMasterParametersFromWebhook(sha: string): ArgoParameter[] {
  return withRepoUrls(sha, {
    ssh: 'git@github.com:Codertocat/Hello-World.git',
    git: 'git://github.com/Codertocat/Hello-World.git',
    https: 'https://github.com/Codertocat/Hello-World.git',
  });
}

function withRepoUrls(sha: string, urls: { ssh: string; git: string; https: string }): ArgoParameter[] {
  return [
    { name: 'greeting', value: 'hello' },
    { name: 'repo', value: urls.ssh },
    { name: 'repo_git_url', value: urls.git },
    { name: 'repo_https_url', value: urls.https },
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
