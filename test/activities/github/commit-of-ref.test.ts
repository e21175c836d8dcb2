import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createGitHubGateway } from '../../../activities/github/octokit-gateway';
import type { GitHubGateway, InstallationRepo } from '../../../activities/github/gateway';
import { startFakeGitHub, type FakeGitHub } from '../../fakes/github';

const at: InstallationRepo = { installationId: 7, repo: { owner: 'acme', name: 'widgets' }, deliveryId: 'delivery-1' };
let fake: FakeGitHub;
let gateway: GitHubGateway;
let sha: string;

beforeAll(async () => {
  fake = await startFakeGitHub({ appId: 99 });
});
afterAll(() => fake.close());
beforeEach(() => {
  fake.addInstallation({ id: 7, account: { login: 'acme', type: 'Organization' } });
  fake.addRepository({ owner: 'acme', name: 'widgets', defaultBranch: 'trunk', ownerType: 'Organization' });
  sha = fake.addCommit('acme', 'widgets', { files: { 'README.md': '# widgets\n' }, branch: 'release/1.x' });
  fake.reset();
  gateway = createGitHubGateway({ appId: fake.appId, privateKey: fake.privateKey, baseUrl: fake.url });
});
afterEach(() => {
  expect(fake.schemaViolations).toEqual([]);
});

describe('GitHubGateway.commitOfRef', () => {
  it('peels an annotated tag to its commit with git.getRef then git.getTag (G31)', async () => {
    const tagObject = fake.addTag('acme', 'widgets', { name: 'v1.0.0', sha, message: 'v1' });
    expect(await gateway.commitOfRef(at, 'tag', 'v1.0.0')).toBe(sha);
    expect(fake.requests.map((r) => r.operationId)).toEqual([
      'apps/create-installation-access-token',
      'git/get-ref',
      'git/get-tag',
    ]);
    expect(fake.requests.at(-1)!.path).toContain(tagObject);
  });

  it('takes a lightweight tag’s commit from the ref alone', async () => {
    fake.addTag('acme', 'widgets', { name: 'light', sha });
    expect(await gateway.commitOfRef(at, 'tag', 'light')).toBe(sha);
    expect(fake.requests.filter((r) => r.operationId === 'git/get-tag')).toHaveLength(0);
  });

  it('resolves a branch with a slash in its name', async () => {
    expect(await gateway.commitOfRef(at, 'branch', 'release/1.x')).toBe(sha);
  });

  it('answers null for a ref that does not exist', async () => {
    expect(await gateway.commitOfRef(at, 'tag', 'never')).toBeNull();
  });
});
