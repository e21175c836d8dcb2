import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createGitHubGateway } from '../../activities/github/octokit-gateway';
import { createStarlarkRenderer } from '../../activities/starlark/starlark-renderer';
import { DEFAULT_STARLARK_LIMITS } from '../../pipeline/render-starlark';
import type { CiTrigger } from '../../domain/types';
import type { StarlarkPool } from '../../starlark-wasm/src/index';
import { startFakeGitHub, type FakeGitHub } from '../fakes/github';
import { memoryFolder, repoInfo, startPool } from './support';

/** SPEC B §21 S1, with the repositories of the original's test, through the worker's renderer and GitHub's Contents API (fake). */
const ciStar = `load("builtin:///re", "re")
load("builtin:///encoding/yaml", "yaml")
load("builtin:///encoding/json", "decode")
load("/test.star", "thing")
pat = re.compile("^te(st)$")
names = [n for n in ["test", "other"] if pat.match(n)]
data = decode(loadFile("/test.json"))
print(input)
workflow = {
    "apiVersion": "argoproj.io/v1alpha1",
    "kind": "Workflow",
    "metadata": {"generateName": "s1-", "labels": {"thing": thing, "from": data["from"]}},
    "spec": {"entrypoint": names[0], "templates": [yaml.loads("name: test\\ncontainer: {image: alpine}\\n")]},
}
`;
const testStar = 'load("github://myrepo2.myorg/testdata/thing.star?ref=testpr", "value")\nthing = value\n';

let github: FakeGitHub;
let pool: StarlarkPool;
beforeAll(async () => {
  pool = await startPool();
  github = await startFakeGitHub({ appId: 4242 });
  github.addInstallation({ id: 9, account: { login: 'myorg', type: 'Organization' } });
  github.addRepository({ owner: 'myorg', name: 'myrepo', ownerType: 'Organization' });
  github.addRepository({ owner: 'myorg', name: 'myrepo2', ownerType: 'Organization' });
  const pr = github.addCommit('myorg', 'myrepo2', {
    branch: 'testpr',
    files: { 'testdata/thing.star': 'value = "from-testpr"\n' },
  });
  github.addCommit('myorg', 'myrepo2', { files: { 'testdata/thing.star': 'value = "from-main"\n' } });
  expect(pr).toBeTruthy();
});
afterAll(async () => {
  await github?.close();
  await pool?.close();
});

describe('S1: a ci.star with builtins, a context module, a github module at a ref, loadFile and print', () => {
  it('renders a Workflow with entrypoint test and one template test', async () => {
    const render = createStarlarkRenderer({
      pool,
      github: createGitHubGateway({ appId: github.appId, privateKey: github.privateKey, baseUrl: github.url }),
      https: { allowedHosts: [], maxBytes: 1 << 20, timeoutMs: 1_000 },
      limits: DEFAULT_STARLARK_LIMITS,
      pipelineFiles: { contextPath: '.kube-ci', starlarkFile: 'ci.star' },
    });
    const trigger: CiTrigger = {
      source: 'check_suite',
      installationId: 9,
      repo: { owner: 'myorg', name: 'myrepo' },
      sha: 'f'.repeat(40),
      ref: 'master',
      refType: 'branch',
      entrypoint: '',
      pullRequests: [],
      deliveryId: 'd-1',
      sender: 'someone',
    };
    const files = new Map([
      ['ci.star', ciStar],
      ['ci.yaml', 'not used'],
      ['test.star', testStar],
      ['test.json', '{"from": "test.json"}'],
    ]);
    const result = await render({
      trigger,
      repo: { ...repoInfo, owner: 'myorg', name: 'myrepo' },
      files: memoryFolder(files),
    });
    expect(result).toMatchObject({
      kind: 'workflow',
      workflow: {
        metadata: { labels: { thing: 'from-testpr', from: 'test.json' } },
        spec: { entrypoint: 'test', templates: [{ name: 'test', container: { image: 'alpine' } }] },
      },
    });
    expect(result.prints).toHaveLength(1);
    expect(result.prints![0]).toMatch(/^struct\(.*ref = "master".*sha = "f{40}"/);
    expect(github.schemaViolations).toEqual([]);
  });
});
