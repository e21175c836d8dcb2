import type { Octokit } from '@octokit/rest';
import { isNotFound } from './classify-github-error';
import { COMPARE_MAX_FILES, type ComparedFiles } from './gateway';

interface Location {
  owner: string;
  repo: string;
  headers: Record<string, string>;
}

/**
 * The files changed from `base` to `head`, three-dot (since their merge base, as a pull request's "Files
 * changed"). `per_page: 1` keeps the commit list to one entry: with a paging parameter GitHub still lists the
 * changed files of the whole comparison on the first page, up to 300 of them, and says nothing when it cuts
 * (https://docs.github.com/en/rest/commits/commits#compare-two-commits), so a list of 300 counts as cut.
 * A rename counts its old path too: moving a file out of a folder changes that folder. `null` for 404 and 422
 * (a commit GitHub does not know, no common history).
 */
export async function compareCommits(
  octokit: Octokit,
  at: Location,
  range: { base: string; head: string; maxFiles: number },
): Promise<ComparedFiles | null> {
  let files: { filename: string; previous_filename?: string }[];
  try {
    const { data } = await octokit.request('GET /repos/{owner}/{repo}/compare/{basehead}', {
      owner: at.owner,
      repo: at.repo,
      basehead: `${range.base}...${range.head}`,
      per_page: 1,
      headers: at.headers,
    });
    files = data.files ?? [];
  } catch (error) {
    if (isNotFound(error) || (error as { status?: unknown }).status === 422) return null;
    throw error;
  }
  const bound = Math.min(range.maxFiles, COMPARE_MAX_FILES);
  const kept = files.slice(0, bound);
  const paths = new Set<string>();
  for (const file of kept) {
    paths.add(file.filename);
    if (file.previous_filename) paths.add(file.previous_filename);
  }
  return { files: [...paths], truncated: files.length > bound || files.length >= COMPARE_MAX_FILES };
}
