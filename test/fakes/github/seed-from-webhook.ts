import type { FakeGitHub } from './fake-github';
import type { AccountType } from './state';

interface PayloadShape {
  installation?: { id?: number };
  repository?: {
    id?: number;
    name?: string;
    private?: boolean;
    default_branch?: string;
    owner?: { login?: string; type?: string };
  };
  check_suite?: { head_sha?: string; head_branch?: string | null };
  check_run?: { head_sha?: string; check_suite?: { head_branch?: string | null } };
  pull_request?: {
    number?: number;
    title?: string;
    draft?: boolean;
    user?: { login?: string };
    head?: { ref?: string; sha?: string; repo?: { full_name?: string } | null };
    base?: { ref?: string; sha?: string };
  };
  deployment?: {
    id?: number;
    sha?: string;
    ref?: string;
    task?: string;
    environment?: string;
    payload?: unknown;
    creator?: { login?: string };
  };
  comment?: { id?: number };
  after?: string;
  ref?: string;
  ref_type?: string;
}

export interface SeededFromPayload {
  installationId: number;
  owner: string;
  repo: string;
  /** the commit the payload is about, now present in the fake with `files` as its tree */
  sha: string | undefined;
}

/**
 * Makes the fake serve what a real webhook payload (e.g. from @octokit/webhooks-examples) talks about:
 * its installation, repository, the commit it names with the given files, the branch or tag, the PR and the
 * deployment.
 */
export function seedFromWebhookPayload(
  fake: FakeGitHub,
  payload: unknown,
  files: Record<string, string> = {},
): SeededFromPayload {
  const p = payload as PayloadShape;
  const owner = p.repository?.owner?.login;
  const name = p.repository?.name;
  if (!owner || !name) throw new Error('payload names no repository');
  const ownerType: AccountType = p.repository?.owner?.type === 'Organization' ? 'Organization' : 'User';
  const installationId = p.installation?.id ?? 1;
  if (!fake.state.installations.has(installationId))
    fake.addInstallation({ id: installationId, account: { login: owner, type: ownerType } });
  if (!fake.state.repo(owner, name)) {
    fake.addRepository({
      owner,
      name,
      ownerType,
      defaultBranch: p.repository?.default_branch ?? 'main',
      private: p.repository?.private ?? false,
      ...(p.repository?.id ? { id: p.repository.id } : {}),
    });
  }
  if (p.comment?.id) fake.addComment(owner, name, p.comment.id);
  const { sha, branch, tag } = commitOf(p);
  if (sha) fake.addCommit(owner, name, { sha, files, ...(branch ? { branch } : {}) });
  if (sha && tag) fake.addTag(owner, name, { name: tag, sha });
  const deployment = p.deployment;
  if (sha && deployment?.id) {
    fake.state.repo(owner, name)!.deployments.set(deployment.id, {
      id: deployment.id,
      ref: deployment.ref ?? sha,
      sha,
      environment: deployment.environment ?? 'production',
      task: deployment.task ?? 'deploy',
      description: null,
      payload: deployment.payload ?? {},
      creator: deployment.creator?.login ?? owner,
      productionEnvironment: deployment.environment === 'production',
      transientEnvironment: false,
      statuses: [],
    });
  }
  const pull = p.pull_request;
  if (pull?.number && pull.head?.sha) {
    fake.addPullRequest(owner, name, {
      number: pull.number,
      title: pull.title ?? `PR ${pull.number}`,
      draft: pull.draft ?? false,
      user: pull.user?.login ?? owner,
      head: {
        ref: pull.head.ref ?? 'head',
        sha: pull.head.sha,
        repoFullName: pull.head.repo?.full_name ?? `${owner}/${name}`,
      },
      base: { ref: pull.base?.ref ?? 'main', sha: pull.base?.sha ?? pull.head.sha },
    });
  }
  return { installationId, owner, repo: name, sha };
}

function commitOf(p: PayloadShape): { sha?: string; branch?: string; tag?: string } {
  const refName = p.ref?.replace(/^refs\/(heads|tags)\//, '');
  const isTag = p.ref_type === 'tag' || p.ref?.startsWith('refs/tags/');
  const candidates: [string | undefined, string | null | undefined][] = [
    [p.check_suite?.head_sha, p.check_suite?.head_branch],
    [p.check_run?.head_sha, p.check_run?.check_suite?.head_branch],
    [p.pull_request?.head?.sha, p.pull_request?.head?.ref],
    [p.deployment?.sha, p.deployment?.ref],
    [p.after, isTag ? undefined : refName],
  ];
  const found = candidates.find(([sha]) => sha && !/^0+$/.test(sha));
  if (!found) return {};
  return { sha: found[0]!, ...(found[1] ? { branch: found[1] } : {}), ...(isTag && refName ? { tag: refName } : {}) };
}
