import { Context } from '@temporalio/activity';
import type { Activities } from '../../activities';
import type { ArgoWorkflow, RepoInfo } from '../../domain/types';
import { planArgoWorkflow } from '../../domain/plan-argo-workflow';
import { wfName } from '../../domain/wf-name';
import { pipeline, settingsWith } from '../domain/fixtures';
import { decideLoaded, type AskAuthorised } from '../../activities/decide-loaded';

export type ActivityName = keyof Activities;

/** One activity invocation as the worker received it (inputs arrive deserialised, as in production). */
export interface ActivityCall {
  name: ActivityName;
  input: unknown;
}

export interface FakeActivities {
  activities: Activities;
  /** every call, in the order the worker started them */
  calls: ActivityCall[];
  names(): ActivityName[];
  /** the input of the only call of `name`; throws when there were none or several */
  inputOf<N extends ActivityName>(name: N): Parameters<Activities[N]>[0];
}

export const exampleRepo: RepoInfo = {
  owner: 'tcolgate',
  name: 'kube-ci',
  sshUrl: 'git@github.com:tcolgate/kube-ci.git',
  gitUrl: 'git://github.com/tcolgate/kube-ci.git',
  cloneUrl: 'https://github.com/tcolgate/kube-ci.git',
  defaultBranch: 'master',
  htmlUrl: 'https://github.com/tcolgate/kube-ci',
};

export const exampleCheckRunId = 4242;

/**
 * The happy path of every activity: a `.kube-ci/ci.yaml` with entrypoint `build`, a check run with id
 * {@link exampleCheckRunId}, an Argo Workflow that succeeds at once.
 */
export function defaultActivities(): Activities {
  return {
    loadPipeline: async () => ({
      kind: 'found',
      workflow: pipeline(),
      file: '.kube-ci/ci.yaml',
      repo: exampleRepo,
      settings: settingsWith(),
    }),
    cancelSupersededRuns: async () => ({ cancelled: [] }),
    resolveRef: async () => ({ sha: 'c0ffee0000000000000000000000000000000000' }),
    postForkNotice: async () => ({ id: 5151 }),
    createCheckRun: async () => ({ id: exampleCheckRunId }),
    updateCheckRun: async () => undefined,
    ensureCacheVolume: async () => ({ created: true }),
    requireCacheVolume: async () => undefined,
    submitArgoWorkflow: async ({ namespace, workflow }) => ({
      namespace,
      name: workflow.metadata.name ?? '',
      created: true,
    }),
    // As the real activity names the Argo Workflow: the pure planner, salted with the Temporal workflow id.
    submitPipeline: async ({ trigger, repo, workflow, checkRun }) => {
      const salt = Context.current().info.workflowExecution?.workflowId ?? '';
      const plan = planArgoWorkflow({ trigger, repo, settings: settingsWith(), workflow, salt, checkRun });
      const cacheVolume = plan.cache.kind === 'volume' ? { cacheVolume: plan.cache.name } : {};
      const name = plan.workflow.metadata.name ?? '';
      return { namespace: 'argo', name, created: true, ...cacheVolume, offersManualSteps: false };
    },
    stopArgoWorkflow: async () => ({ stopped: true }),
    followArgoWorkflow: async () => ({ kind: 'finished', phase: 'Succeeded' }),
    finishCheckRun: async () => ({ conclusion: 'success' }),
    offerManualSteps: async () => ({ steps: [], warnings: [], waitMs: 0 }),
    // the HTTP API's dry run; ciRunWorkflow never calls it
    renderDryRun: async () => ({ kind: 'none', reason: 'not used by ciRunWorkflow', debug: '' }),
    // the reconciler's; ciRunWorkflow never calls it
    concludeAbandonedCheckRuns: async () => ({ examined: 0, concluded: 0 }),
    // clearCachesWorkflow's; ciRunWorkflow never calls them
    clearCaches: async () => ({ deleted: [] }),
    reportCacheCleared: async () => undefined,
    // commentCommandWorkflow's; ciRunWorkflow never calls them
    checkAuthorised: async () => ({ authorised: true, reason: 'fake' }),
    reactToCommand: async () => undefined,
    replyToCommand: async () => undefined,
    readPullRequest: async () => null,
    readRepository: async () => exampleRepo,
    listSetupTemplates: async () => [],
    startCommandRun: async () => ({ workflowId: 'fake', started: true }),
    failedEntrypointsOf: async () => [],
    cancelPullRequestRuns: async () => ({ cancelled: [] }),
    writeSetupFile: async () => ({ path: '.kube-ci/ci.yaml', commitSha: '' }),
    deployTemplatesAt: async () => ({ kind: 'none', reason: 'fake' }),
    createCommandDeployment: async () => ({ id: 1 }),
    findInstallationOf: async () => null,
    readRepositoryAt: async () => exampleRepo,
    branchHead: async () => null,
    respondToSlack: async () => undefined,
  };
}

/** The Argo Workflow name the fake submitPipeline gives a default run of the example pipeline on master. */
export function expectedArgoName(workflowId: string): string {
  return wfName({ org: exampleRepo.owner, repo: exampleRepo.name, entrypoint: '', ref: 'master', salt: workflowId });
}

/** A `loadPipeline` that finds the example pipeline, optionally annotated, with settings narrowed by `buildBranches`. */
export function foundPipeline(
  overrides: {
    annotations?: Record<string, string>;
    buildBranches?: string;
    /** the pipeline as the activity returns it (default: the example, annotated) */
    workflow?: ArgoWorkflow;
    /** shape 0.6: the decision the activity made */
    decision?: FoundPipeline['decision'];
  } = {},
): Activities['loadPipeline'] {
  return async () => ({
    kind: 'found',
    workflow: overrides.workflow ?? pipeline(overrides.annotations),
    file: '.kube-ci/ci.yaml',
    repo: exampleRepo,
    settings: settingsWith(overrides.buildBranches !== undefined ? { buildBranches: overrides.buildBranches } : {}),
    ...(overrides.decision ? { decision: overrides.decision } : {}),
  });
}

type FoundPipeline = Extract<Awaited<ReturnType<Activities['loadPipeline']>>, { kind: 'found' }>;

/**
 * A `loadPipeline` that finds a pipeline which slipped past the shape check (`templates: {}`): deciding the
 * run throws a TypeError in workflow code (shape 0.6: the result has no decision), the case ciRunWorkflow's
 * internal-error guard exists for.
 */
export function foundMalformedPipeline(): Activities['loadPipeline'] {
  const broken = pipeline();
  (broken.spec as Record<string, unknown>)['templates'] = {};
  const load: Activities['loadPipeline'] = async () => ({
    kind: 'found',
    workflow: broken,
    file: '.kube-ci/ci.yaml',
    repo: exampleRepo,
    settings: settingsWith(),
  });
  // Left undecided, so that in shape 0.6 too the workflow's own code meets the bad result.
  leftUndecided.add(load);
  return load;
}

/** loadPipeline fakes whose results fakeActivities does not decide (shape 0.6's `decide: true`). */
const leftUndecided = new WeakSet<Activities['loadPipeline']>();

/** Fake activities typed as the real surface, recording each call before running the (overridden) behaviour. */
export function fakeActivities(overrides: Partial<Activities> = {}): FakeActivities {
  const calls: ActivityCall[] = [];
  const defaults = defaultActivities();
  // A test that fakes what offerManualSteps offers means a workflow with steps: submitPipeline says so (shape 0.5).
  const offering: Partial<Activities> =
    overrides.offerManualSteps && !overrides.submitPipeline
      ? { submitPipeline: async (input) => ({ ...(await defaults.submitPipeline(input)), offersManualSteps: true }) }
      : {};
  const given: Activities = { ...defaults, ...offering, ...overrides };
  const recorded = {} as Record<ActivityName, (input: unknown) => Promise<unknown>>;
  // Shape 0.6 asks loadPipeline for the decision (`decide: true`): a fake that returns a pipeline gets it decided
  // as the real activity decides it (activities/decide-loaded.ts), asking the recorded checkAuthorised.
  const behaviour: Activities = {
    ...given,
    loadPipeline: async (input) => {
      const result = await given.loadPipeline(input);
      if (!input.decide || result.kind !== 'found' || result.decision || leftUndecided.has(given.loadPipeline))
        return result;
      return await decideLoaded(result, input.trigger, recorded.checkAuthorised as AskAuthorised);
    },
  };
  for (const name of Object.keys(behaviour) as ActivityName[]) {
    const impl = behaviour[name] as (input: unknown) => Promise<unknown>;
    recorded[name] = async (input: unknown) => {
      calls.push({ name, input });
      return await impl(input);
    };
  }
  return {
    activities: recorded as unknown as Activities,
    calls,
    names: () => calls.map((c) => c.name),
    inputOf(name) {
      const matching = calls.filter((c) => c.name === name);
      if (matching.length !== 1) throw new Error(`expected one call of ${name}, got ${matching.length}`);
      return matching[0]!.input as never;
    },
  };
}

/** A point a fake activity stops at until the test opens it; `entered` resolves once the activity is waiting. */
export class Gate {
  private release!: () => void;
  private arrived!: () => void;
  readonly opened = new Promise<void>((resolve) => (this.release = resolve));
  readonly entered = new Promise<void>((resolve) => (this.arrived = resolve));

  open(): void {
    this.release();
  }

  /**
   * Waits for the gate, heartbeating so that a cancellation reaches the activity (Temporal delivers
   * activity cancellation only in heartbeat responses); a cancelled fake throws CancelledFailure, as a
   * real activity that notices its cancellation does.
   */
  async pass(): Promise<void> {
    this.arrived();
    const ctx = Context.current();
    const beat = setInterval(() => ctx.heartbeat(), 100);
    try {
      await Promise.race([this.opened, ctx.cancelled]);
    } finally {
      clearInterval(beat);
    }
  }
}

/** An activity implementation that waits at `gate`, then returns `result`. */
export function heldAt<R>(gate: Gate, result: () => R | Promise<R>): () => Promise<R> {
  return async () => {
    await gate.pass();
    return await result();
  };
}
