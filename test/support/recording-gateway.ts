import { cacheClearWorkflowIdFor, forkNoticeWorkflowIdFor, refRunWorkflowIdFor, workflowIdFor } from '../../domain/ids';
import { commandWorkflowIdFor, type CommentCommandRequest } from '../../domain/comment-command-event';
import type {
  AbandonedRun,
  ClearCachesWorkflowInput,
  ClickAnswer,
  DryRunAnswer,
  ForkNoticeInput,
  ManualStepClickRequest,
  RunSelector,
  StartCiRunRequest,
  StartRefRunRequest,
  StartResult,
  TemporalGateway,
} from '../../temporal/gateway';
import type { DryRunInput } from '../../workflows/dry-run';

export interface RecordedStart extends StartCiRunRequest {
  workflowId: string;
}

/**
 * The API's view of Temporal, recorded: starts behave like Temporal on ids (the first start of an id starts,
 * later ones find it), inputs go through JSON as Temporal's payload converter does (a value it cannot encode
 * would be a 503), and `failWith` makes every call fail as an unreachable server does.
 */
export class RecordingGateway implements TemporalGateway {
  starts: RecordedStart[] = [];
  clicks: ManualStepClickRequest[] = [];
  dryRuns: DryRunInput[] = [];
  cacheClears: Array<ClearCachesWorkflowInput & { workflowId: string }> = [];
  commands: Array<CommentCommandRequest & { workflowId: string }> = [];
  refRuns: Array<StartRefRunRequest & { workflowId: string }> = [];
  forkNotices: Array<ForkNoticeInput & { workflowId: string }> = [];
  cancels: RunSelector[] = [];
  /** what cancelRuns answers */
  cancelledIds: string[] = [];
  failWith: Error | undefined;
  reachable = true;
  /** what the next dry runs answer; an Error is thrown */
  dryRunAnswer: DryRunAnswer | Error = { kind: 'none', reason: 'unset', debug: '' };
  /** what a click answers; default: delivered to its owner when it names one, else started */
  clickAnswer: ((request: ManualStepClickRequest) => ClickAnswer) | undefined;
  private readonly ids = new Set<string>();

  async startCiRun(request: StartCiRunRequest): Promise<StartResult> {
    if (this.failWith) throw this.failWith;
    JSON.stringify(request);
    const workflowId = workflowIdFor(request.trigger, request.runKey);
    this.starts.push({ ...request, workflowId });
    const started = !this.ids.has(workflowId);
    this.ids.add(workflowId);
    return { workflowId, started };
  }

  async dryRun(input: DryRunInput): Promise<DryRunAnswer> {
    if (this.failWith) throw this.failWith;
    this.dryRuns.push(input);
    if (this.dryRunAnswer instanceof Error) throw this.dryRunAnswer;
    return this.dryRunAnswer;
  }

  async clickManualStep(request: ManualStepClickRequest): Promise<ClickAnswer> {
    if (this.failWith) throw this.failWith;
    JSON.stringify(request);
    this.clicks.push(request);
    if (this.clickAnswer) return this.clickAnswer(request);
    if (request.ownerWorkflowId)
      return { kind: 'delivered', ownerWorkflowId: request.ownerWorkflowId, result: { kind: 'skipped' } };
    return { kind: 'started', workflowId: workflowIdFor(request.trigger, request.click.clickKey), started: true };
  }

  async startCacheClear(input: ClearCachesWorkflowInput): Promise<StartResult> {
    if (this.failWith) throw this.failWith;
    JSON.stringify(input);
    const workflowId = cacheClearWorkflowIdFor(input.request.repo, input.request.key);
    this.cacheClears.push({ ...input, workflowId });
    const started = !this.ids.has(workflowId);
    this.ids.add(workflowId);
    return { workflowId, started };
  }

  async startCommentCommand(request: CommentCommandRequest): Promise<StartResult> {
    if (this.failWith) throw this.failWith;
    JSON.stringify(request);
    const workflowId = commandWorkflowIdFor(request);
    this.commands.push({ ...request, workflowId });
    const started = !this.ids.has(workflowId);
    this.ids.add(workflowId);
    return { workflowId, started };
  }

  async startRefRun(request: StartRefRunRequest): Promise<StartResult> {
    if (this.failWith) throw this.failWith;
    JSON.stringify(request);
    const workflowId = refRunWorkflowIdFor(request.trigger, request.runKey);
    this.refRuns.push({ ...request, workflowId });
    const started = !this.ids.has(workflowId);
    this.ids.add(workflowId);
    return { workflowId, started };
  }

  async startForkNotice(input: ForkNoticeInput): Promise<StartResult> {
    if (this.failWith) throw this.failWith;
    JSON.stringify(input);
    const workflowId = forkNoticeWorkflowIdFor(input.notice);
    this.forkNotices.push({ ...input, workflowId });
    const started = !this.ids.has(workflowId);
    this.ids.add(workflowId);
    return { workflowId, started };
  }

  async startSlackCommand(): Promise<StartResult> {
    throw new Error('no API test sends Slack commands to the recording gateway');
  }

  async cancelPullRequestRuns(): Promise<string[]> {
    throw new Error('the API never cancels pull-request runs: the comment-command workflow does');
  }

  async cancelRuns(selector: RunSelector): Promise<string[]> {
    if (this.failWith) throw this.failWith;
    JSON.stringify(selector);
    this.cancels.push(selector);
    return this.cancelledIds;
  }

  async cancelOlderRuns(): Promise<string[]> {
    throw new Error('the API never cancels runs');
  }

  async *abandonedRuns(): AsyncGenerator<AbandonedRun> {
    throw new Error('the API never lists abandoned runs');
  }

  async ensureReconcileSchedule(): Promise<void> {
    throw new Error('the API never keeps the schedule');
  }

  async isReachable(): Promise<boolean> {
    return this.reachable;
  }

  /** Forgets what was recorded (ids included). */
  reset(): void {
    this.starts = [];
    this.clicks = [];
    this.dryRuns = [];
    this.cacheClears = [];
    this.refRuns = [];
    this.forkNotices = [];
    this.cancels = [];
    this.cancelledIds = [];
    this.failWith = undefined;
    this.reachable = true;
    this.clickAnswer = undefined;
    this.ids.clear();
  }
}
