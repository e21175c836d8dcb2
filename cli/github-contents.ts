import { ModuleUnavailable, type ModuleSources } from '../pipeline/module-sources';

/**
 * github:// loads for `kube-ci render`: the Contents API with a personal token (GITHUB_TOKEN). Without a
 * token every github:// load fails with a message that says how to provide one. The token goes only to
 * `apiUrl`, never to https:// modules.
 */
export function githubContentsSource(options: { apiUrl: string; token: string | undefined }): ModuleSources['github'] {
  return async ({ owner, repo, path, ref }) => {
    if (!options.token) {
      throw new ModuleUnavailable(
        'github:// modules need a token: set GITHUB_TOKEN to a token that can read the repository',
      );
    }
    const base = options.apiUrl.replace(/\/+$/, '');
    const url = new URL(
      `${base}/repos/${encodeURIComponent(owner)}/${encodeURIComponent(repo)}/contents/${path.split('/').map(encodeURIComponent).join('/')}`,
    );
    if (ref !== '') url.searchParams.set('ref', ref);
    const response = await fetch(url, {
      headers: {
        accept: 'application/vnd.github.raw+json',
        authorization: `Bearer ${options.token}`,
        'x-github-api-version': '2022-11-28',
        'user-agent': 'kube-ci-render',
      },
    });
    if (response.status === 404) return null;
    if (!response.ok) throw new ModuleUnavailable(`GitHub answered ${response.status} for ${owner}/${repo}/${path}`);
    return await response.text();
  };
}
