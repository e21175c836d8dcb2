import type { Octokit } from '@octokit/rest';
import type { GitHubGateway, InstallationRepo } from './gateway';
import { isNotFound } from './classify-github-error';

/** The gateway's `call`: an installation Octokit, the delivery headers, errors classified once. */
type Call = <T>(
  at: InstallationRepo,
  action: string,
  work: (octokit: Octokit, headers: Record<string, string>) => Promise<T>,
) => Promise<T>;

/** `GitHubGateway.commitOfRef` over `call`: a 404 anywhere in the chain is `null` (the ref is gone). */
export function createCommitOfRef(call: Call): GitHubGateway['commitOfRef'] {
  return (at, refType, name) =>
    call(at, `resolve ${refType} ${name}`, async (octokit, headers) => {
      try {
        return await peeledCommit(octokit, { owner: at.repo.owner, repo: at.repo.name, headers }, refType, name);
      } catch (error) {
        if (isNotFound(error)) return null;
        throw error;
      }
    });
}

/** A tag of a tag of … is peeled at most this deep; git allows any depth, real repositories use one level. */
const MAX_TAG_DEPTH = 8;

/** `git.getRef`, then `git.getTag` for each annotated tag object in the chain, down to the commit (G31). */
async function peeledCommit(
  octokit: Octokit,
  params: { owner: string; repo: string; headers: Record<string, string> },
  refType: 'branch' | 'tag',
  name: string,
): Promise<string | null> {
  const ref = `${refType === 'tag' ? 'tags' : 'heads'}/${name}`;
  let object = (await octokit.rest.git.getRef({ ...params, ref })).data.object;
  for (let depth = 0; object.type === 'tag' && depth < MAX_TAG_DEPTH; depth++) {
    object = (await octokit.rest.git.getTag({ ...params, tag_sha: object.sha })).data.object;
  }
  return object.type === 'commit' ? object.sha : null;
}
