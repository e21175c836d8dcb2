import type { RepoInfo, RepoRef } from '../../domain/types';
import type { CommandCalls } from './command-calls';

/** Check-run fields as GitHub's REST API names them (POST/PATCH /repos/{owner}/{repo}/check-runs). */
export interface CheckRunOutput {
  title: string;
  summary: string;
  text?: string;
  annotations?: CheckRunAnnotation[];
}

export interface CheckRunAnnotation {
  path: string;
  start_line: number;
  end_line: number;
  start_column?: number;
  end_column?: number;
  annotation_level: 'notice' | 'warning' | 'failure';
  message: string;
  title?: string;
}

export interface CheckRunAction {
  label: string;
  description: string;
  identifier: string;
}

export type CheckRunStatus = 'queued' | 'in_progress' | 'completed';
export type CheckRunConclusion =
  'success' | 'failure' | 'neutral' | 'cancelled' | 'skipped' | 'timed_out' | 'action_required';

export interface CreateCheckRunParams {
  name: string;
  headSha: string;
  externalId?: string;
  detailsUrl?: string;
  status?: CheckRunStatus;
  conclusion?: CheckRunConclusion;
  output?: CheckRunOutput;
  actions?: CheckRunAction[];
}

/** `name` is always sent: GitHub blanks it when omitted (SPEC B 3.4). */
export interface UpdateCheckRunParams {
  name: string;
  detailsUrl?: string;
  status?: CheckRunStatus;
  conclusion?: CheckRunConclusion;
  output?: CheckRunOutput;
  actions?: CheckRunAction[];
}

export interface CheckRunSummary {
  id: number;
  name: string;
  headSha: string;
  externalId: string | null;
  detailsUrl: string | null;
  status: string;
  conclusion: string | null;
}

/** A deployment to create (POST /repos/{owner}/{repo}/deployments); always `auto_merge: false`, no required contexts. */
export interface CreateDeploymentParams {
  ref: string;
  task: string;
  environment: string;
  description: string;
  productionEnvironment: boolean;
  payload: Record<string, unknown>;
}

export interface DeploymentSummary {
  id: number;
  sha: string;
  task: string;
  environment: string;
  /** as GitHub returns it: an object, or the string it was given */
  payload: unknown;
}

/** A deployment status to post (POST /repos/{owner}/{repo}/deployments/{id}/statuses). */
export interface CreateDeploymentStatusParams {
  state: 'in_progress' | 'success' | 'failure' | 'error';
  logUrl?: string;
  description: string;
  environment: string;
  autoInactive: boolean;
}

export interface DeploymentStatusSummary {
  id: number;
  state: string;
}

/** What a comparison of two commits changed: paths (a rename gives both), and whether the list was cut. */
export interface ComparedFiles {
  files: string[];
  /** GitHub's cap ({@link COMPARE_MAX_FILES}) or the caller's bound was reached: more files may have changed */
  truncated: boolean;
}

/** GitHub lists at most 300 files in a comparison and says nothing when it cuts (REST docs, compare two commits). */
export const COMPARE_MAX_FILES = 300;

/** Where one installation's calls go. */
export interface InstallationRepo {
  installationId: number;
  repo: RepoRef;
  /** X-GitHub-Delivery of the event being served, sent along for tracing */
  deliveryId?: string;
}

/** A folder of a repository at a commit: its listing, and its files read on first use. */
export interface ContextFolder {
  /** every file below the folder: path relative to it (e.g. `lib/util.star`) → size in bytes */
  files: ReadonlyMap<string, number>;
  /** GitHub cut the listing short (a tree lists at most 100,000 entries) */
  truncated: boolean;
  /** a file's text; `null` when the listing has no such file */
  read(path: string): Promise<string | null>;
}

/**
 * The only door to GitHub. Reads (`getRepository`, `getContextFolder`, `getFile`) go with an installation
 * token minted for exactly the repository read, with `contents: read` only; a repository the installation
 * cannot see is `null`/not found, as GitHub answers. Check-run calls use the installation's full token.
 * Implemented over Octokit in `octokit-gateway.ts`; errors are classified there: transient ones are rethrown
 * as they are, permanent ones become non-retryable ApplicationFailures.
 */
export interface GitHubGateway extends CommandCalls {
  getRepository(at: InstallationRepo): Promise<RepoInfo>;
  /**
   * The folder `dir` at commit `sha`, listed (every file below it, subfolders included, with its size); the
   * files in `prefetch` come with the listing, in the same request, the others are read on demand (all of
   * them in one more request, read-context-graphql.ts). `null` when `dir` does not exist at that commit.
   */
  getContextFolder(
    at: InstallationRepo,
    dir: string,
    sha: string,
    options?: { maxDepth?: number; prefetch?: readonly string[] },
  ): Promise<ContextFolder | null>;
  /** One file's text, or `null` when it does not exist. `ref` '' means the default branch. */
  getFile(at: InstallationRepo, path: string, ref: string): Promise<string | null>;
  /**
   * The files changed between two commits (`GET /repos/{owner}/{repo}/compare/{base}...{head}`, three-dot: since
   * their merge base), at most `maxFiles` entries; `null` when GitHub cannot compare them (an unknown or
   * unrelated commit). Read with the repository's read-only token.
   */
  compareCommits(
    at: InstallationRepo,
    range: { base: string; head: string; maxFiles: number },
  ): Promise<ComparedFiles | null>;
  /** The id of this App's installation on the repository's owner (App JWT), or `null` when it has none there. */
  findInstallation(repo: RepoRef): Promise<number | null>;
  /**
   * The commit a branch or tag names (`git.getRef`; an annotated tag is peeled with `git.getTag` until it names
   * a commit, G31), or `null` when the ref does not exist.
   */
  commitOfRef(at: InstallationRepo, refType: 'branch' | 'tag', name: string): Promise<string | null>;
  createCheckRun(at: InstallationRepo, params: CreateCheckRunParams): Promise<CheckRunSummary>;
  updateCheckRun(at: InstallationRepo, checkRunId: number, params: UpdateCheckRunParams): Promise<void>;
  /** One check run by id; `null` when GitHub no longer has it. */
  getCheckRun(at: InstallationRepo, checkRunId: number): Promise<CheckRunSummary | null>;
  /** Check runs of this App on a commit with the given name (for finding one we made before a retry). */
  listCheckRunsForRef(at: InstallationRepo, sha: string, name: string): Promise<CheckRunSummary[]>;
  createDeployment(at: InstallationRepo, params: CreateDeploymentParams): Promise<DeploymentSummary>;
  /** Deployments of a commit for one task and environment (for finding one we made before a retry), all pages. */
  listDeployments(
    at: InstallationRepo,
    filter: { sha: string; task: string; environment: string },
  ): Promise<DeploymentSummary[]>;
  createDeploymentStatus(
    at: InstallationRepo,
    deploymentId: number,
    params: CreateDeploymentStatusParams,
  ): Promise<DeploymentStatusSummary>;
  /** Every status of a deployment, all pages (GitHub documents no order: compare ids). */
  listDeploymentStatuses(at: InstallationRepo, deploymentId: number): Promise<DeploymentStatusSummary[]>;
}
