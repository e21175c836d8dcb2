import { createHash, randomBytes } from 'node:crypto';

export type AccountType = 'User' | 'Organization';
export type Permission = 'admin' | 'maintain' | 'write' | 'triage' | 'read' | 'none';

export interface Account {
  login: string;
  id: number;
  type: AccountType;
}

export interface CommitState {
  sha: string;
  message: string;
  parents: string[];
  /** the full tree at this commit: path → text */
  files: Map<string, string>;
}

export interface TagState {
  name: string;
  commitSha: string;
  /** present for annotated tags: the tag object's own sha */
  annotated?: { sha: string; message: string };
}

/** One body sent to POST or PATCH of a check run, in order. */
export interface CheckRunUpdate {
  method: 'POST' | 'PATCH';
  body: Record<string, unknown>;
}

export interface CheckRunState {
  id: number;
  headSha: string;
  /** the check run as GitHub would now return it, minus URLs (fields named as in the REST API) */
  fields: Record<string, unknown>;
  /** annotations accumulate across updates, as on GitHub */
  annotations: Record<string, unknown>[];
  history: CheckRunUpdate[];
}

export interface PullRequestState {
  number: number;
  title: string;
  draft: boolean;
  state: 'open' | 'closed';
  user: string;
  head: { ref: string; sha: string; repoFullName: string };
  base: { ref: string; sha: string };
}

export interface ReactionState {
  reactionId: number;
  target: 'comment' | 'issue';
  id: number;
  content: string;
  user: string;
}

export interface DeploymentState {
  id: number;
  ref: string;
  sha: string;
  environment: string;
  task: string;
  description: string | null;
  payload: unknown;
  creator: string;
  productionEnvironment: boolean;
  transientEnvironment: boolean;
  /** the App that made it (GitHub's `performed_via_github_app`), when an installation token did */
  viaAppId?: number;
  statuses: DeploymentStatusState[];
}

export interface DeploymentStatusState {
  id: number;
  state: string;
  description: string;
  targetUrl: string;
  environment: string;
}

export interface RepoState {
  id: number;
  owner: Account;
  name: string;
  defaultBranch: string;
  private: boolean;
  commits: Map<string, CommitState>;
  /** blob sha → content, for GET git/blobs */
  blobs: Map<string, string>;
  branches: Map<string, string>;
  tags: Map<string, TagState>;
  checkRuns: Map<number, CheckRunState>;
  pulls: Map<number, PullRequestState>;
  issueComments: { id: number; issueNumber: number; body: string; user: string }[];
  /** ids of comments people wrote (seeded from webhook payloads), so reactions on them are found */
  knownCommentIds: Set<number>;
  /** reactions on comments (`target: 'comment'`, comment id) and issues (`'issue'`, issue number), oldest first */
  reactions: ReactionState[];
  deployments: Map<number, DeploymentState>;
  collaborators: Map<string, Permission>;
  /** tree sha → the commit and folder it lists, for GET git/trees (registered when a listing names it) */
  trees: Map<string, { commit: string; path: string }>;
}

export interface InstallationState {
  id: number;
  account: Account;
  /** what the App was granted here; default INSTALLATION_PERMISSIONS */
  permissions?: Record<string, AccessLevel>;
}

export type AccessLevel = 'read' | 'write';

/** What the App was granted on every installation (the fake App asks for these). */
export const INSTALLATION_PERMISSIONS: Readonly<Record<string, AccessLevel>> = {
  checks: 'write',
  contents: 'write',
  deployments: 'write',
  issues: 'write',
  members: 'read',
  metadata: 'read',
  pull_requests: 'read',
};

export interface TokenState {
  token: string;
  installationId: number;
  expiresAt: Date;
  /** lowercased names of the repositories the token may reach; undefined = every repository of the installation */
  repositories?: string[];
  /** what the token may do (GitHub adds `metadata: read` to any narrowed set) */
  permissions: Record<string, AccessLevel>;
}

/** Everything the fake knows; handlers read and write it, tests seed and inspect it through FakeGitHub. */
export class GitHubState {
  readonly repos = new Map<string, RepoState>();
  readonly installations = new Map<number, InstallationState>();
  readonly tokens = new Map<string, TokenState>();
  readonly orgMembers = new Map<string, Set<string>>();
  readonly accounts = new Map<string, Account>();
  /** `${repoId}:${sha}` → check suite id: GitHub makes one suite per App and commit */
  readonly checkSuites = new Map<string, number>();
  private lastId = 1000;

  constructor(readonly appId: number) {}

  checkSuiteId(repo: RepoState, sha: string): number {
    const key = `${repo.id}:${sha}`;
    if (!this.checkSuites.has(key)) this.checkSuites.set(key, this.nextId());
    return this.checkSuites.get(key)!;
  }

  nextId(): number {
    return ++this.lastId;
  }

  account(login: string, type: AccountType = 'User'): Account {
    let account = this.accounts.get(login.toLowerCase());
    if (!account) {
      account = { login, id: this.nextId(), type };
      this.accounts.set(login.toLowerCase(), account);
    }
    return account;
  }

  repo(owner: string, name: string): RepoState | undefined {
    return this.repos.get(`${owner}/${name}`.toLowerCase());
  }

  /** Resolves a branch, tag (lightweight or annotated) or full commit sha to a commit. */
  resolveCommit(repo: RepoState, ref: string): CommitState | undefined {
    const name = ref.replace(/^refs\/(heads|tags)\//, '');
    const sha = repo.branches.get(name) ?? repo.tags.get(name)?.commitSha ?? ref;
    return repo.commits.get(sha);
  }

  mintToken(
    installationId: number,
    scope: { repositories?: string[]; permissions?: Record<string, AccessLevel> } = {},
    lifetimeMs = 60 * 60 * 1000,
  ): TokenState {
    const token: TokenState = {
      token: `ghs_${randomBytes(18).toString('base64url')}`,
      installationId,
      expiresAt: new Date(Date.now() + lifetimeMs),
      ...(scope.repositories ? { repositories: scope.repositories.map((name) => name.toLowerCase()) } : {}),
      permissions: scope.permissions
        ? { ...scope.permissions, metadata: 'read' }
        : { ...(this.installations.get(installationId)?.permissions ?? INSTALLATION_PERMISSIONS) },
    };
    this.tokens.set(token.token, token);
    return token;
  }
}

/** Git's object id of a blob, so `sha` values look and behave like GitHub's. */
export function blobSha(content: string): string {
  const bytes = Buffer.from(content, 'utf8');
  return createHash('sha1').update(`blob ${bytes.length}\0`).update(bytes).digest('hex');
}

export function randomSha(): string {
  return randomBytes(20).toString('hex');
}
