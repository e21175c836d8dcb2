/**
 * The one place kube-ci talks to Temporal as a client: the API starts runs, dry runs and hands over button
 * clicks; activities cancel superseded runs and find abandoned check runs; the worker keeps the reconcile
 * schedule. Every call is typed against the workflow definitions (workflows/), so a changed input or message
 * is a compile error here rather than a payload a running workflow cannot read. No I/O besides Temporal.
 */
import { Client, type ClientPlugin, type Connection } from '@temporalio/client';
import type { ClearCachesWorkflowInput } from '../workflows/clear-caches';
import type { DryRunInput } from '../workflows/dry-run';
import type { ForkNoticeInput } from '../workflows/fork-notice';
import { runDryRun, type DryRunAnswer } from './dry-run';
import { clickManualStep, type ClickAnswer, type ManualStepClickRequest } from './manual-step-click';
import { ensureReconcileSchedule, type ReconcileScheduleOptions } from './reconcile-schedule';
import type { RunSelector } from '../domain/run-selector';
import { abandonedRuns, cancelOlderRuns, cancelRuns, type AbandonedRun, type OlderRunsQuery } from './run-lists';
import { startCacheClear } from './start-cache-clear';
import { startForkNotice } from './fork-notice';
import {
  cancelPullRequestRuns,
  startCommentCommand,
  startSlackCommand,
  type PullRequestRunsQuery,
} from './command-runs';
import type { SlackCommandRequest } from '../domain/slack-command';
import type { CommentCommandRequest } from '../domain/comment-command-event';
import { startCiRun, type StartCiRunRequest, type StartResult } from './start-ci-run';
import { startRefRun, type StartRefRunRequest } from './start-ref-run';

export type {
  AbandonedRun,
  ClearCachesWorkflowInput,
  ClickAnswer,
  DryRunAnswer,
  ForkNoticeInput,
  ManualStepClickRequest,
  OlderRunsQuery,
  PullRequestRunsQuery,
  RunSelector,
  StartCiRunRequest,
  StartRefRunRequest,
  StartResult,
};

export interface TemporalGateway {
  /** starts a `ciRunWorkflow`; a request that maps onto an existing run answers `started: false` */
  startCiRun(request: StartCiRunRequest): Promise<StartResult>;
  /**
   * starts a `refRunWorkflow`: resolves a branch or tag to its commit, then starts that commit's `ciRunWorkflow`
   * (a tag's `create`, Slack's `/ci-build`); the same request again answers `started: false`
   */
  startRefRun(request: StartRefRunRequest): Promise<StartResult>;
  /** runs `dryRunWorkflow` and waits for its answer */
  dryRun(input: DryRunInput): Promise<DryRunAnswer>;
  /** a manual step's Run or Skip, to the run that offered it, or done without it when that run has ended */
  clickManualStep(request: ManualStepClickRequest): Promise<ClickAnswer>;
  /** starts a `clearCachesWorkflow`; the same webhook body again answers `started: false` */
  startCacheClear(input: ClearCachesWorkflowInput): Promise<StartResult>;
  /** starts a `commentCommandWorkflow`; the same comment again answers `started: false` */
  startCommentCommand(request: CommentCommandRequest): Promise<StartResult>;
  /** starts a `forkNoticeWorkflow` (a fork PR told it needs an approval); the same PR and commit again: `started: false` */
  startForkNotice(input: ForkNoticeInput): Promise<StartResult>;
  /** starts a `slackCommandWorkflow`; the same signed request again answers `started: false` */
  startSlackCommand(request: SlackCommandRequest): Promise<StartResult>;
  /** cancels the running runs of one pull request (`/kube-ci cancel`); returns their ids */
  cancelPullRequestRuns(query: PullRequestRunsQuery): Promise<string[]>;
  /** cancels older running runs of the same repository, branch and entrypoint; returns their ids */
  cancelOlderRuns(query: OlderRunsQuery): Promise<string[]>;
  /** cancels the running runs the selector names (a closed PR's, a deleted branch's or repository's); their ids */
  cancelRuns(selector: RunSelector): Promise<string[]>;
  /** closed runs whose check run may still be open (`CheckRunState = 'open'`), closed since `since` */
  abandonedRuns(since: Date, max: number): AsyncGenerator<AbandonedRun>;
  /** creates, updates or (interval 0) deletes the check-run reconciler's schedule */
  ensureReconcileSchedule(options: Omit<ReconcileScheduleOptions, 'taskQueue'>): Promise<void>;
  /** true when the Temporal frontend answers its health check */
  isReachable(): Promise<boolean>;
}

export interface TemporalGatewayOptions {
  connection: Connection;
  namespace: string;
  taskQueue: string;
  /** deadline of one Temporal call made for a webhook (button presses, health checks); starts: START_BUDGET_MS */
  deadlineMs?: number;
  /** bound of a whole dry run; its caller waits at most this long (default 120 s) */
  dryRunTimeoutMs?: number;
  /** client plugins, e.g. OpenTelemetry tracing (metrics/tracing.ts) */
  plugins?: ClientPlugin[];
}

export function createTemporalGateway(options: TemporalGatewayOptions): TemporalGateway {
  const { connection, namespace, taskQueue } = options;
  const client = new Client({ connection, namespace, ...(options.plugins ? { plugins: options.plugins } : {}) });
  const deadlineMs = options.deadlineMs ?? 5000;
  const within = <T>(fn: () => Promise<T>): Promise<T> => connection.withDeadline(Date.now() + deadlineMs, fn);
  const isReachable = async () => {
    try {
      await within(() => connection.healthService.check({}));
      return true;
    } catch {
      return false;
    }
  };
  return {
    // Starts carry their own deadline, and check a start that ran out of time before giving up (start-once.ts).
    startCiRun: (request) => startCiRun(client, taskQueue, request),
    startRefRun: (request) => startRefRun(client, taskQueue, request),
    dryRun: (input) =>
      runDryRun(
        client,
        { taskQueue, executionTimeoutMs: options.dryRunTimeoutMs ?? 120_000, startWithin: within },
        input,
      ),
    clickManualStep: (request) => clickManualStep(client, taskQueue, request, within, isReachable),
    startCacheClear: (input) => startCacheClear(client, taskQueue, input),
    startCommentCommand: (request) => startCommentCommand(client, taskQueue, request),
    startSlackCommand: (request) => startSlackCommand(client, taskQueue, request),
    startForkNotice: (input) => startForkNotice(client, taskQueue, input),
    cancelPullRequestRuns: (query) => cancelPullRequestRuns(client, query),
    cancelOlderRuns: (query) => cancelOlderRuns(client, query),
    cancelRuns: (selector) => within(() => cancelRuns(client, selector)),
    abandonedRuns: (since, max) => abandonedRuns(client, namespace, since, max),
    ensureReconcileSchedule: (schedule) => ensureReconcileSchedule(client, { ...schedule, taskQueue }),
    isReachable,
  };
}
