import { createStarlarkPool, type EvaluationLimits, type StarlarkPool } from '../../starlark-wasm/src/index';
import { ensureEngineBuilt } from '../../starlark-wasm/test/support';
import { buildStarlarkInput } from '../../pipeline/build-input';
import type { ModuleSources } from '../../pipeline/module-sources';
import { DEFAULT_STARLARK_LIMITS, renderStarlark, type RenderStarlarkResult } from '../../pipeline/render-starlark';
import type { RepoInfo } from '../../domain/types';
import type { ContextFolder, GitHubGateway } from '../../activities/github/gateway';
import type { StarlarkRenderer } from '../../activities/load-pipeline';
import { createStarlarkRenderer } from '../../activities/starlark/starlark-renderer';

/**
 * The worker's ci.star renderer over a test pool, for `startStack({ renderStarlark })`: no https hosts,
 * the default limits with a 10 s evaluation deadline.
 */
export function testStarlarkRenderer(pool: StarlarkPool): (github: GitHubGateway) => StarlarkRenderer {
  return (github) =>
    createStarlarkRenderer({
      pool,
      github,
      https: { allowedHosts: [], maxBytes: 1 << 20, timeoutMs: 5_000 },
      limits: { ...DEFAULT_STARLARK_LIMITS, timeoutMs: 10_000 },
      pipelineFiles: { contextPath: '.kube-ci', starlarkFile: 'ci.star' },
    });
}

export async function startPool(size = 1): Promise<StarlarkPool> {
  ensureEngineBuilt();
  return await createStarlarkPool({ size });
}

export const repoInfo: RepoInfo = {
  owner: 'acme',
  name: 'app',
  sshUrl: 'git@github.com:acme/app.git',
  gitUrl: 'git://github.com/acme/app.git',
  cloneUrl: 'https://github.com/acme/app.git',
  defaultBranch: 'main',
  htmlUrl: 'https://github.com/acme/app',
};

export const sha = 'c0ffee0000000000000000000000000000000000';

/** Sources over in-memory maps: context files, github files keyed `owner/repo/path@ref`, https URLs. */
export function memorySources(
  context: Record<string, string>,
  github: Record<string, string> = {},
  https: Record<string, string> = {},
): ModuleSources & { githubReads: string[] } {
  const githubReads: string[] = [];
  return {
    githubReads,
    context: async (path) => context[path] ?? null,
    github: async ({ owner, repo, path, ref }) => {
      const key = `${owner}/${repo}/${path}@${ref}`;
      githubReads.push(key);
      return github[key] ?? null;
    },
    https: async (url) => https[url] ?? null,
  };
}

export async function render(
  pool: StarlarkPool,
  sources: ModuleSources,
  options: {
    limits?: Partial<EvaluationLimits>;
    input?: Partial<Parameters<typeof buildStarlarkInput>[0]>;
    githubRepos?: string[];
  } = {},
): Promise<RenderStarlarkResult> {
  return await renderStarlark({
    pool,
    entryFile: 'ci.star',
    contextPath: '.kube-ci',
    origin: { owner: 'acme', repo: 'app', ref: sha },
    input: buildStarlarkInput({
      ref: 'main',
      refType: 'branch',
      sha,
      entrypoint: '',
      pullRequests: [],
      repoInfo,
      ...options.input,
    }),
    sources,
    limits: { ...DEFAULT_STARLARK_LIMITS, timeoutMs: 10_000, ...options.limits },
    ...(options.githubRepos ? { githubRepos: options.githubRepos } : {}),
  });
}

export const minimalWorkflow = `{"apiVersion": "argoproj.io/v1alpha1", "kind": "Workflow", "metadata": {"generateName": "ci-"},
  "spec": {"entrypoint": "test", "templates": [{"name": "test", "container": {"image": "alpine"}}]}}`;

/** A `.kube-ci/` folder over an in-memory map (path inside the folder → text), as getContextFolder returns one. */
export function memoryFolder(files: Record<string, string> | Map<string, string>): ContextFolder {
  const map = files instanceof Map ? files : new Map(Object.entries(files));
  return {
    files: new Map([...map].map(([path, text]) => [path, Buffer.byteLength(text, 'utf8')])),
    truncated: false,
    read: async (path) => map.get(path) ?? null,
  };
}
