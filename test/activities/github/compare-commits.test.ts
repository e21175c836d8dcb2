import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createGitHubGateway } from '../../../activities/github/octokit-gateway';
import type { GitHubGateway, InstallationRepo } from '../../../activities/github/gateway';
import { startFakeGitHub, type FakeGitHub } from '../../fakes/github';

const at: InstallationRepo = { installationId: 7, repo: { owner: 'acme', name: 'widgets' } };
let fake: FakeGitHub;
let gateway: GitHubGateway;
let base: string;

beforeAll(async () => {
  fake = await startFakeGitHub({ appId: 99 });
});
afterAll(() => fake.close());
beforeEach(() => {
  fake.addInstallation({ id: 7, account: { login: 'acme', type: 'Organization' } });
  fake.addRepository({ owner: 'acme', name: 'widgets', ownerType: 'Organization' });
  base = fake.addCommit('acme', 'widgets', { files: { 'README.md': '# widgets\n', 'src/old.ts': 'moved\n' } });
  fake.reset();
  gateway = createGitHubGateway({ appId: fake.appId, privateKey: fake.privateKey, baseUrl: fake.url });
});
afterEach(() => {
  expect(fake.schemaViolations).toEqual([]);
});

const compareRequests = () => fake.requests.filter((r) => r.operationId === 'repos/compare-commits-with-basehead');

describe('GitHub gateway: compareCommits', () => {
  it('lists added, modified, removed and renamed paths (both names of a rename) in one request with a read-only token', async () => {
    const head = fake.addCommit('acme', 'widgets', {
      files: { 'README.md': '# widgets!\n', 'src/new.ts': 'moved\n', 'docs/a.md': 'a\n' },
    });
    const compared = await gateway.compareCommits(at, { base, head, maxFiles: 300 });
    expect(compared).toEqual({
      files: ['docs/a.md', 'README.md', 'src/new.ts', 'src/old.ts'],
      truncated: false,
    });
    const [request] = compareRequests();
    expect(compareRequests()).toHaveLength(1);
    expect(request).toMatchObject({ path: `/repos/acme/widgets/compare/${base}...${head}`, query: { per_page: '1' } });
    expect(fake.tokenOf(request!)?.permissions).toEqual({ contents: 'read', metadata: 'read' });
  });

  it('compares from the merge base (three dots): a base that moved on adds nothing', async () => {
    fake.setBranch('acme', 'widgets', 'feature', base);
    const feature = fake.addCommit('acme', 'widgets', {
      branch: 'feature',
      files: { 'README.md': '# widgets\n', 'src/old.ts': 'moved\n', 'src/x.ts': 'x\n' },
    });
    const main = fake.addCommit('acme', 'widgets', { files: { 'README.md': '# widgets\n', 'docs/y.md': 'y\n' } });
    const compared = await gateway.compareCommits(at, { base: main, head: feature, maxFiles: 300 });
    expect(compared).toEqual({ files: ['src/x.ts'], truncated: false });
  });

  it('marks a list cut by kube-ci’s bound', async () => {
    const files = Object.fromEntries(Array.from({ length: 12 }, (_, i) => [`f/${String(i).padStart(2, '0')}`, 'x']));
    const head = fake.addCommit('acme', 'widgets', { files });
    const compared = await gateway.compareCommits(at, { base, head, maxFiles: 5 });
    expect(compared?.truncated).toBe(true);
    expect(compared?.files).toHaveLength(5);
  });

  it('marks a list of GitHub’s 300 files cut, as GitHub says nothing when it cuts', async () => {
    const files = Object.fromEntries(Array.from({ length: 320 }, (_, i) => [`f/${String(i).padStart(3, '0')}`, 'x']));
    const head = fake.addCommit('acme', 'widgets', { files });
    const compared = await gateway.compareCommits(at, { base, head, maxFiles: 300 });
    expect(compared?.truncated).toBe(true);
    expect(compared?.files.length).toBeLessThanOrEqual(300);
  });

  it('is null for a commit GitHub does not know', async () => {
    expect(await gateway.compareCommits(at, { base: 'f'.repeat(40), head: base, maxFiles: 300 })).toBeNull();
  });
});
