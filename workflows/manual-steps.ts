/**
 * A run's manual steps (SPEC B 13): their state and the handler of their buttons, in one place (the shape of
 * Temporal's safe-message-handlers sample). The API hands each Run / Skip press over as the `manualStep`
 * update, keyed on the click (temporal/manual-step-click.ts); the validator refuses what cannot apply, so a
 * refused click writes nothing to history and the person is told why.
 *
 * Run starts the step as a child `ciRunWorkflow` on the same durable path as any run (its own check run,
 * Argo Workflow, follow, finish). Its workflow id is the one the API would give a run of that click
 * (`workflowIdFor(trigger, clickKey)`), so a click is one run whether the owner or, after the owner ended,
 * the API starts it. Children are abandoned when the owner closes and are not cancelled with it: a newer
 * push supersedes the owner's wait, never a step someone started (G35).
 */
import {
  allHandlersFinished,
  ApplicationFailure,
  CancellationScope,
  ChildWorkflowCancellationType,
  condition,
  log,
  ParentClosePolicy,
  startChild,
  WorkflowIdReusePolicy,
} from '@temporalio/workflow';
import { Failure } from '../domain/failures';
import { workflowIdFor } from '../domain/ids';
import { manualStepCheckRunName, skippedManualStep } from '../domain/manual-step-check-run';
import type { CiTrigger } from '../domain/types';
import type { OfferedManualStep } from '../activities/offer-manual-steps';
import * as act from './activity-proxies';
import type { ciRunWorkflow } from './ci-run';
import type { ManualStepClick, ManualStepClickResult, ManualStepStatus, RunStatus } from './ci-run.messages';
import { failureMessage, isCancellation } from './failures';
import { searchAttributesFor } from './search-attributes';

export class ManualSteps {
  private readonly steps = new Map<string, ManualStepStatus>();
  /** the steps' check runs exist and `offer` has run: clicks can be judged */
  private offered = false;
  /** the run will offer nothing (more): clicks still waiting for the offer are refused */
  private closed = false;

  /** `offersSteps` false (runs of shapes before 0.3): every click is refused at once */
  constructor(
    private readonly trigger: CiTrigger,
    private readonly status: RunStatus,
    offersSteps: boolean,
  ) {
    this.closed = !offersSteps;
  }

  /** The steps' check runs exist: from now on their buttons apply. */
  offer(offered: OfferedManualStep[]): void {
    for (const { template, checkRunId, essential } of offered)
      this.steps.set(template, { template, checkRunId, essential, state: 'offered', runs: [] });
    this.status.manualSteps = [...this.steps.values()];
    this.offered = true;
  }

  /**
   * The run offers nothing (more). A click that arrived between the check runs' creation and `offer` (GitHub
   * shows the buttons as soon as the check runs exist) waited for this; it is now judged, or refused.
   */
  async close(): Promise<void> {
    this.closed = true;
    await CancellationScope.nonCancellable(() => condition(allHandlersFinished));
  }

  /** Nothing left to do: every step was skipped or has succeeded. */
  settled(): boolean {
    return [...this.steps.values()].every((step) => step.state === 'skipped' || step.state === 'succeeded');
  }

  /**
   * Waits for the buttons until every step is settled or `waitMs` has passed, then for the handlers in flight.
   * A cancel (a newer push superseding this run) ends the wait early; the steps stay pressable, and a press
   * after the run has ended is done by the API (temporal/manual-step-click.ts).
   */
  async waitForClicks(waitMs: number): Promise<void> {
    if (this.steps.size === 0) return;
    try {
      await condition(() => this.settled(), waitMs);
    } catch (err) {
      if (!isCancellation(err)) throw err;
      log.info('manual-step wait cancelled');
    }
    await CancellationScope.nonCancellable(() => condition(allHandlersFinished));
  }

  /**
   * The update's validator: throws (refusing the click) when it cannot apply to this run now. Before the steps
   * are offered only the commit can be checked; the handler judges the rest once they are.
   */
  readonly validate = (click: ManualStepClick): void => {
    if (click.sha !== this.trigger.sha)
      throw ApplicationFailure.nonRetryable(
        `the check run is on commit ${click.sha}, this run built ${this.trigger.sha}`,
        Failure.ManualStepRefused,
      );
    if (!this.offered && !this.closed) return;
    this.judge(click);
  };

  /**
   * Refusals are ApplicationFailures: thrown from the handler (a click judged after the offer), a plain Error
   * would fail the workflow task instead of the update.
   */
  private judge(click: ManualStepClick): void {
    const refuse = (message: string): never => {
      throw ApplicationFailure.nonRetryable(message, Failure.ManualStepRefused);
    };
    const step = this.steps.get(click.template);
    if (!step) {
      refuse(
        this.steps.size === 0
          ? 'this run offers no manual steps'
          : `this run offers no manual step ${JSON.stringify(click.template)}`,
      );
    }
    if (click.checkRunId !== step!.checkRunId) refuse(`check run ${click.checkRunId} is not this step's`);
    if (step!.state === 'running') refuse(`manual step ${click.template} is already running`);
    if (click.action === 'skip' && step!.state === 'skipped')
      refuse(`manual step ${click.template} is already skipped`);
  }

  /** The update's handler: Skip marks the check run skipped; Run starts the step's run. */
  readonly handle = async (click: ManualStepClick): Promise<ManualStepClickResult> => {
    if (!this.offered) {
      await condition(() => this.offered || this.closed);
      // Thrown from the handler, the refusal fails this update (the API answers 409 with the reason).
      this.judge(click);
    }
    const step = this.steps.get(click.template)!;
    if (click.action === 'skip') {
      // Set before the activity, so a second press while it is on its way is refused by the validator.
      step.state = 'skipped';
      await act.updateCheckRun({
        trigger: this.trigger,
        checkRunId: step.checkRunId,
        ...skippedManualStep(manualStepCheckRunName(step.template), click.sender),
      });
      return { kind: 'skipped' };
    }
    step.state = 'running';
    const trigger: CiTrigger = {
      ...this.trigger,
      source: 'check_run_action',
      entrypoint: step.template,
      sender: click.sender,
      deliveryId: click.deliveryId,
    };
    const workflowId = workflowIdFor(trigger, click.clickKey);
    step.runs.push(workflowId);
    try {
      // Not cancellable: superseding the owner's wait must not cancel a step someone started.
      const child = await CancellationScope.nonCancellable(() =>
        startChild<typeof ciRunWorkflow>('ciRunWorkflow', {
          workflowId,
          args: [
            {
              trigger,
              ...(click.event ? { event: click.event } : {}),
              manualStep: {
                checkRunId: step.checkRunId,
                checkRunName: manualStepCheckRunName(step.template),
                essential: step.essential,
              },
            },
          ],
          parentClosePolicy: ParentClosePolicy.ABANDON,
          cancellationType: ChildWorkflowCancellationType.ABANDON,
          workflowIdReusePolicy: WorkflowIdReusePolicy.REJECT_DUPLICATE,
          typedSearchAttributes: searchAttributesFor(trigger),
        }),
      );
      void CancellationScope.nonCancellable(() => child.result()).then(
        (result) => (step.state = result.outcome === 'success' ? 'succeeded' : 'failed'),
        (err: unknown) => {
          log.info('manual step run failed', { template: step.template, message: failureMessage(err) });
          step.state = 'failed';
        },
      );
    } catch (err) {
      // Only a run of this very click can hold the id: it exists already, so the click was done once.
      log.warn('manual step run not started', { template: step.template, message: failureMessage(err) });
      step.state = 'offered';
    }
    return { kind: 'started', workflowId };
  };
}
