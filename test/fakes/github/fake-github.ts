import { generateKeyPairSync } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { OpenApiValidator } from './openapi-validator';
import {
  handleRequest,
  RATE_LIMIT,
  type Fault,
  type FakeRuntime,
  type RecordedRequest,
  type SchemaViolation,
} from './server';
import {
  GitHubState,
  blobSha,
  randomSha,
  type AccessLevel,
  type AccountType,
  type CheckRunState,
  type DeploymentState,
  type Permission,
  type PullRequestState,
  type RepoState,
  type TokenState,
} from './state';

export interface FakeGitHubOptions {
  appId?: number;
}

export interface AddRepositoryOptions {
  owner: string;
  name: string;
  defaultBranch?: string;
  ownerType?: AccountType;
  private?: boolean;
  /** keep a repository id from a webhook payload */
  id?: number;
}

export interface AddCommitOptions {
  sha?: string;
  /** moved to the new commit; the default branch when absent */
  branch?: string;
  /** the complete tree at this commit */
  files: Record<string, string>;
  message?: string;
}

let sharedValidator: OpenApiValidator | undefined;

/** An HTTP-level GitHub REST API for tests; every request and response is checked against GitHub's OpenAPI. */
export class FakeGitHub {
  readonly appId: number;
  readonly privateKey: string;
  private readonly rt: FakeRuntime;

  constructor(
    private readonly server: Server,
    url: string,
    appId: number,
  ) {
    const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    this.appId = appId;
    this.privateKey = privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
    sharedValidator ??= new OpenApiValidator();
    this.rt = {
      state: new GitHubState(appId),
      validator: sharedValidator,
      publicKey,
      baseUrl: url,
      requests: [],
      schemaViolations: [],
      faults: [],
      latencyMs: 0,
      tokenMints: 0,
      rateLimitUsed: new Map(),
    };
  }

  get url(): string {
    return this.rt.baseUrl;
  }
  get state(): GitHubState {
    return this.rt.state;
  }
  /** every request, in arrival order */
  get requests(): RecordedRequest[] {
    return this.rt.requests;
  }
  get schemaViolations(): SchemaViolation[] {
    return this.rt.schemaViolations;
  }
  /** installation tokens minted so far (to prove token caching) */
  get tokenMints(): number {
    return this.rt.tokenMints;
  }

  /** what the latest x-ratelimit-remaining header said for the App's JWT calls or for an installation */
  rateLimitRemaining(owner: number | 'app'): number {
    return RATE_LIMIT - (this.rt.rateLimitUsed.get(String(owner)) ?? 0);
  }

  /** every installation token minted (reset() keeps them), oldest first, with the repositories and permissions it has */
  get mintedTokens(): TokenState[] {
    return [...this.state.tokens.values()];
  }

  /** The installation token a recorded request carried; undefined for the App JWT or none. */
  tokenOf(request: RecordedRequest): TokenState | undefined {
    const header = request.headers.authorization;
    const credential = /^token\s+(\S+)$/i.exec(typeof header === 'string' ? header : '')?.[1];
    return credential === undefined ? undefined : this.state.tokens.get(credential);
  }

  handler(): FakeRuntime {
    return this.rt;
  }

  addRepository(options: AddRepositoryOptions): RepoState {
    const owner = this.state.account(options.owner, options.ownerType);
    const repo: RepoState = {
      id: options.id ?? this.state.nextId(),
      owner,
      name: options.name,
      defaultBranch: options.defaultBranch ?? 'main',
      private: options.private ?? false,
      commits: new Map(),
      blobs: new Map(),
      branches: new Map(),
      tags: new Map(),
      checkRuns: new Map(),
      pulls: new Map(),
      issueComments: [],
      knownCommentIds: new Set(),
      reactions: [],
      deployments: new Map(),
      collaborators: new Map(),
      trees: new Map(),
    };
    this.state.repos.set(`${options.owner}/${options.name}`.toLowerCase(), repo);
    return repo;
  }

  /** Adds a commit whose tree is exactly `files`, moves `branch` to it and returns its sha. */
  addCommit(owner: string, name: string, options: AddCommitOptions): string {
    const repo = this.repo(owner, name);
    const branch = options.branch ?? repo.defaultBranch;
    const sha = options.sha ?? randomSha();
    const parent = repo.branches.get(branch);
    const files = new Map(Object.entries(options.files));
    repo.commits.set(sha, {
      sha,
      message: options.message ?? `commit ${sha.slice(0, 7)}`,
      parents: parent ? [parent] : [],
      files,
    });
    for (const content of files.values()) repo.blobs.set(blobSha(content), content);
    repo.branches.set(branch, sha);
    return sha;
  }

  setBranch(owner: string, name: string, branch: string, sha: string): void {
    this.repo(owner, name).branches.set(branch, sha);
  }

  /** A lightweight tag, or an annotated one (with its own tag object) when `message` is given; returns the ref's object sha. */
  addTag(owner: string, name: string, tag: { name: string; sha: string; message?: string }): string {
    const annotated = tag.message === undefined ? undefined : { sha: randomSha(), message: tag.message };
    this.repo(owner, name).tags.set(tag.name, {
      name: tag.name,
      commitSha: tag.sha,
      ...(annotated ? { annotated } : {}),
    });
    return annotated?.sha ?? tag.sha;
  }

  /** `permissions`: what the App was granted on this installation (default: INSTALLATION_PERMISSIONS) */
  addInstallation(installation: {
    id: number;
    account: string | { login: string; type?: AccountType };
    permissions?: Record<string, AccessLevel>;
  }): void {
    const account = typeof installation.account === 'string' ? { login: installation.account } : installation.account;
    this.state.installations.set(installation.id, {
      id: installation.id,
      account: this.state.account(account.login, account.type),
      ...(installation.permissions ? { permissions: installation.permissions } : {}),
    });
  }

  addPullRequest(
    owner: string,
    name: string,
    pull: Partial<PullRequestState> & Pick<PullRequestState, 'number' | 'head'>,
  ): void {
    const repo = this.repo(owner, name);
    const base = pull.base ?? { ref: repo.defaultBranch, sha: repo.branches.get(repo.defaultBranch) ?? randomSha() };
    repo.pulls.set(pull.number, {
      title: `PR ${pull.number}`,
      draft: false,
      state: 'open',
      user: owner,
      ...pull,
      base,
    });
  }

  addOrgMember(org: string, login: string): void {
    const members = this.state.orgMembers.get(org.toLowerCase()) ?? new Set<string>();
    members.add(login.toLowerCase());
    this.state.orgMembers.set(org.toLowerCase(), members);
  }

  setCollaboratorPermission(owner: string, name: string, login: string, permission: Permission): void {
    this.repo(owner, name).collaborators.set(login.toLowerCase(), permission);
  }

  /** Check runs of a repository with their full update history, oldest first. */
  checkRuns(owner: string, name: string): CheckRunState[] {
    return [...this.repo(owner, name).checkRuns.values()].sort((a, b) => a.id - b.id);
  }

  issueComments(owner: string, name: string): RepoState['issueComments'] {
    return this.repo(owner, name).issueComments;
  }

  /** Reactions the App made on the repository's comments and issues, oldest first. */
  reactions(owner: string, name: string): RepoState['reactions'] {
    return this.repo(owner, name).reactions;
  }

  /** Makes a comment people wrote known, so the App can react to it. */
  addComment(owner: string, name: string, commentId: number): void {
    this.repo(owner, name).knownCommentIds.add(commentId);
  }

  deployments(owner: string, name: string): DeploymentState[] {
    return [...this.repo(owner, name).deployments.values()];
  }

  /** The next `times` requests matching `method`/`path` get `status` (before auth and validation). */
  injectFault(fault: Fault): void {
    this.rt.faults.push({ ...fault });
  }

  setLatency(ms: number): void {
    this.rt.latencyMs = ms;
  }

  /** Forgets logs, violations, faults and the mint count; repositories and tokens stay. */
  reset(): void {
    this.rt.requests.length = 0;
    this.rt.schemaViolations.length = 0;
    this.rt.faults.length = 0;
    this.rt.tokenMints = 0;
  }

  /** Expires every minted token (as if an hour had passed on GitHub's side). */
  expireTokens(): void {
    for (const token of this.state.tokens.values()) token.expiresAt = new Date(0);
  }

  close(): Promise<void> {
    return new Promise((resolve, reject) => {
      this.server.closeAllConnections();
      this.server.close((error) => (error ? reject(error) : resolve()));
    });
  }

  private repo(owner: string, name: string): RepoState {
    const repo = this.state.repo(owner, name);
    if (!repo) throw new Error(`fake GitHub has no repository ${owner}/${name}: addRepository first`);
    return repo;
  }
}

export async function startFakeGitHub(options: FakeGitHubOptions = {}): Promise<FakeGitHub> {
  // The server must exist before the fake that wraps it; requests only arrive after both are built.
  const ready: { fake?: FakeGitHub } = {};
  const server = createServer((req, res) => {
    handleRequest(ready.fake!.handler(), req, res).catch((error: unknown) => {
      res.writeHead(500, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ message: `fake GitHub crashed: ${String(error)}` }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  ready.fake = new FakeGitHub(server, `http://127.0.0.1:${port}`, options.appId ?? 4242);
  return ready.fake;
}
