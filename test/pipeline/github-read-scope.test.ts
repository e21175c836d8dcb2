import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createGitHubGateway } from '../../activities/github/octokit-gateway';
import { createStarlarkRenderer } from '../../activities/starlark/starlark-renderer';
import { DEFAULT_STARLARK_LIMITS } from '../../pipeline/render-starlark';
import type { CiTrigger } from '../../domain/types';
import type { StarlarkPool } from '../../starlark-wasm/src/index';
import { startFakeGitHub, type FakeGitHub } from '../fakes/github';
import { memoryFolder, minimalWorkflow, repoInfo, startPool } from './support';

/** The worker's renderer against the fake GitHub: what github:// reads reach, and with which token. */
let github: FakeGitHub;
let pool: StarlarkPool;
beforeAll(async () => {
  pool = await startPool();
  github = await startFakeGitHub({ appId: 4242 });
  github.addInstallation({ id: 1, account: { login: 'acme', type: 'Organization' } });
  github.addInstallation({ id: 2, account: { login: 'platform', type: 'Organization' } });
  github.addRepository({ owner: 'acme', name: 'app', ownerType: 'Organization' });
  github.addRepository({ owner: 'platform', name: 'tools', ownerType: 'Organization' });
  github.addRepository({ owner: 'loner', name: 'lib' });
  github.addCommit('platform', 'tools', { files: { 'lib.star': 'image = "from-platform"\n' } });
  github.addCommit('loner', 'lib', { files: { 'lib.star': 'image = "from-loner"\n' } });
});
afterAll(async () => {
  await github?.close();
  await pool?.close();
});

const trigger: CiTrigger = {
  source: 'check_suite',
  installationId: 1,
  repo: { owner: 'acme', name: 'app' },
  sha: 'a'.repeat(40),
  ref: 'main',
  refType: 'branch',
  entrypoint: '',
  pullRequests: [],
  deliveryId: 'd-1',
  sender: 'someone',
};

function renderWith(githubRepos: string[], ciStar: string) {
  const render = createStarlarkRenderer({
    pool,
    github: createGitHubGateway({ appId: github.appId, privateKey: github.privateKey, baseUrl: github.url }),
    https: { allowedHosts: [], maxBytes: 1 << 20, timeoutMs: 1_000 },
    limits: DEFAULT_STARLARK_LIMITS,
    pipelineFiles: { contextPath: '.kube-ci', starlarkFile: 'ci.star' },
    githubRepos,
  });
  return render({
    trigger,
    repo: { ...repoInfo, owner: 'acme', name: 'app' },
    files: memoryFolder({ 'ci.star': ciStar }),
  });
}

describe('github:// reads of another owner', () => {
  it('are refused by the default list before any request', async () => {
    github.reset();
    const result = await renderWith(
      ['{owner}/*'],
      `load("github://tools.platform/lib.star", "image")\nworkflow = ${minimalWorkflow}\n`,
    );
    expect(result).toMatchObject({
      kind: 'error',
      error: { line: 1, message: expect.stringContaining('outside the repositories') },
    });
    expect(github.requests).toEqual([]);
  });

  it('when listed, go through the App’s installation on that owner with a token for that repository alone', async () => {
    github.reset();
    const result = await renderWith(
      ['platform/tools'],
      `load("github://tools.platform/lib.star", "image")\nprint(image)\nworkflow = ${minimalWorkflow}\n`,
    );
    expect(result).toMatchObject({ kind: 'workflow', prints: ['from-platform'] });
    const mint = github.requests.find((r) => r.operationId === 'apps/create-installation-access-token')!;
    expect(mint.path).toBe('/app/installations/2/access_tokens');
    expect(mint.body).toEqual({ repositories: ['tools'], permissions: { contents: 'read' } });
    const read = github.requests.find((r) => r.path === '/repos/platform/tools/contents/lib.star')!;
    expect(github.tokenOf(read)).toMatchObject({ installationId: 2, repositories: ['tools'] });
    expect(github.schemaViolations).toEqual([]);
  });

  it('when listed but the App is not installed there, fail at the load saying so', async () => {
    const result = await renderWith(
      ['loner/*'],
      `load("github://lib.loner/lib.star", "image")\nworkflow = ${minimalWorkflow}\n`,
    );
    expect(result).toMatchObject({
      kind: 'error',
      error: {
        file: '.kube-ci/ci.star',
        line: 1,
        message: expect.stringContaining('the GitHub App is not installed on loner'),
      },
    });
    expect(github.requests.filter((r) => r.path.startsWith('/repos/loner/lib/contents'))).toEqual([]);
  });
});
