/**
 * `.kube-ci/` at a commit in one GraphQL request (issue 10): `repository.object(expression: "<sha>:<dir>")`
 * lists the folder's entries, subfolders nested to the depth bound (KUBECI_CONTEXT_MAX_DEPTH), with their
 * sizes, and the same request brings the text of the files named in `prefetch` (ci.yaml, ci.star), so a
 * default run reads its pipeline in one round trip where the REST API needs three (root tree, folder tree,
 * blob). Why GraphQL and not the trees API: a tree read at `<sha>:<dir>` plus one blob per file is at least two
 * requests before the Argo Workflow exists, GraphQL is one, and GitHub serves both to a `contents: read` token.
 *
 * The other files (a ci.star's `load()`s) are fetched together, in one more query by object id, the first
 * time one of them is read: the listing has passed the bounds by then (load-pipeline.ts), so that read is
 * bounded too. A blob whose text GraphQL does not give (binary, or cut by GitHub) is read through the REST
 * blob API as before, so such files fail as they did. A folder deeper than the bound is listed again with the
 * REST trees API (read-files.ts), which gives the whole depth, so the bound's error names the deepest file
 * exactly as before.
 * https://docs.github.com/en/graphql/reference/objects#tree
 */
import type { Octokit } from '@octokit/rest';
import type { ContextFolder } from './gateway';
import { readBlob, readContextFolder } from './read-files';

interface Location {
  owner: string;
  repo: string;
  ref: string;
  headers: Record<string, string>;
}

export interface ContextQueryOptions {
  /** subfolder nesting listed in the one query; deeper folders are listed over REST */
  maxDepth: number;
  /** files (paths inside the folder) whose text comes with the listing */
  prefetch: readonly string[];
}

interface BlobData {
  oid: string;
  text: string | null;
  isBinary: boolean | null;
  isTruncated: boolean;
}

interface EntryData {
  name: string;
  type: string;
  mode: number;
  oid: string;
  size: number;
  object?: { entries?: EntryData[] } | null;
}

const SYMLINK_MODE = 0o120000;
const BLOB = '... on Blob { oid isBinary isTruncated text }';

/** The selection of one level of entries, nested below while `level` is under the bound. */
function entriesSelection(level: number, maxDepth: number): string {
  const below = level < maxDepth ? ` object { ... on Tree { ${entriesSelection(level + 1, maxDepth)} } }` : '';
  return `entries { name type mode oid size${below} }`;
}

export async function readContextFolderGraphql(
  octokit: Octokit,
  at: Location,
  dir: string,
  options: ContextQueryOptions,
): Promise<ContextFolder | null> {
  const folderPath = dir.replace(/^\/+|\/+$/g, '');
  const prefetch = options.prefetch.map((path, i) => ({ alias: `p${i}`, path }));
  const variables: Record<string, string> = { owner: at.owner, name: at.repo, folder: `${at.ref}:${folderPath}` };
  for (const { alias, path } of prefetch) variables[alias] = `${at.ref}:${folderPath}/${path}`;
  const query = [
    `query ContextFolder($owner: String!, $name: String!, $folder: String!${prefetch.map((p) => `, $${p.alias}: String!`).join('')}) {`,
    '  repository(owner: $owner, name: $name) {',
    `    folder: object(expression: $folder) { __typename ... on Tree { ${entriesSelection(0, options.maxDepth)} } }`,
    ...prefetch.map((p) => `    ${p.alias}: object(expression: $${p.alias}) { ${BLOB} }`),
    '  }',
    '}',
  ].join('\n');
  const data = await graphql<{ repository: Record<string, unknown> | null }>(octokit, at, query, variables);
  const folder = data?.repository?.['folder'] as { __typename?: string; entries?: EntryData[] } | null | undefined;
  if (!folder || folder.__typename !== 'Tree') return null;

  const oids = new Map<string, string>();
  const files = new Map<string, number>();
  let tooDeep = false;
  const walk = (entries: EntryData[], prefix: string, level: number) => {
    for (const entry of entries) {
      const path = prefix + entry.name;
      if (entry.type === 'tree') {
        if (level >= options.maxDepth) tooDeep = true;
        else walk(entry.object?.entries ?? [], `${path}/`, level + 1);
      } else if (entry.type === 'blob' && entry.mode !== SYMLINK_MODE) {
        // symlinks and submodules (type commit) are not pipeline files
        oids.set(path, entry.oid);
        files.set(path, entry.size);
      }
    }
  };
  walk(folder.entries ?? [], '', 0);
  if (tooDeep) return await readContextFolder(octokit, at, folderPath);

  const texts = new Map<string, string>();
  for (const { alias, path } of prefetch) {
    const blob = data?.repository?.[alias] as BlobData | null | undefined;
    if (blob && oids.get(path) === blob.oid && usable(blob)) texts.set(path, blob.text!);
  }
  return folderReader(octokit, at, { files, oids, texts });
}

/** GraphQL gives the text of a blob it knows to be text and did not cut; others are read over REST. */
function usable(blob: BlobData): boolean {
  return blob.text !== null && blob.isBinary === false && !blob.isTruncated;
}

function folderReader(
  octokit: Octokit,
  at: Location,
  known: { files: Map<string, number>; oids: Map<string, string>; texts: Map<string, string> },
): ContextFolder {
  const { files, oids, texts } = known;
  let fetchedRest: Promise<void> | undefined;
  const reads = new Map<string, Promise<string>>();
  /** Every file not fetched yet, in one query by object id. */
  const fetchRest = async () => {
    const missing = [...oids].filter(([path]) => !texts.has(path));
    if (missing.length === 0) return;
    const variables: Record<string, string> = { owner: at.owner, name: at.repo };
    missing.forEach(([, oid], i) => (variables[`o${i}`] = oid));
    const query = [
      `query ContextFiles($owner: String!, $name: String!${missing.map((_, i) => `, $o${i}: GitObjectID!`).join('')}) {`,
      '  repository(owner: $owner, name: $name) {',
      ...missing.map((_, i) => `    o${i}: object(oid: $o${i}) { ${BLOB} }`),
      '  }',
      '}',
    ].join('\n');
    const data = await graphql<{ repository: Record<string, BlobData | null> | null }>(octokit, at, query, variables);
    missing.forEach(([path, oid], i) => {
      const blob = data?.repository?.[`o${i}`];
      if (blob && blob.oid === oid && usable(blob)) texts.set(path, blob.text!);
    });
  };
  return {
    files,
    truncated: false,
    read(path) {
      const oid = oids.get(path);
      if (oid === undefined) return Promise.resolve(null);
      if (!reads.has(path))
        reads.set(
          path,
          (async () => {
            if (!texts.has(path)) await (fetchedRest ??= fetchRest());
            return texts.get(path) ?? (await readBlob(octokit, at, oid, path));
          })(),
        );
      return reads.get(path)!;
    },
  };
}

/** GraphQL error types as the HTTP statuses classify-github-error.ts sorts (NOT_FOUND answers `null`). */
const STATUS_OF_TYPE: Record<string, number> = { FORBIDDEN: 403, RATE_LIMITED: 429, UNAUTHORIZED: 401 };

interface GraphqlError {
  type?: string;
  message?: string;
  extensions?: Record<string, unknown>;
}

/**
 * One GraphQL request; `null` when GitHub does not find the repository (as a REST 404 reads). Other errors
 * become HTTP-shaped errors for classifyGitHubError: forbidden and malformed queries are permanent, rate
 * limits wait, anything else (timeouts, `INTERNAL`) is transient.
 */
async function graphql<T>(
  octokit: Octokit,
  at: Location,
  query: string,
  variables: Record<string, string>,
): Promise<T | null> {
  try {
    return await octokit.graphql<T>(query, { ...variables, headers: at.headers });
  } catch (error) {
    const errors = (error as { errors?: GraphqlError[] }).errors;
    if (!Array.isArray(errors)) throw error;
    if (errors.some((e) => e.type === 'NOT_FOUND')) return null;
    const first = errors[0] ?? {};
    const status = STATUS_OF_TYPE[first.type ?? ''] ?? (first.extensions?.['code'] ? 422 : 502);
    const headers = (error as { headers?: Record<string, string> }).headers ?? {};
    throw Object.assign(new Error(`GraphQL ${first.type ?? 'error'}: ${first.message ?? 'no message'}`), {
      status,
      response: { headers, data: { message: first.message, errors } },
      request: { method: 'POST', url: 'graphql' },
    });
  }
}
