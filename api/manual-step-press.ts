import type { Logger } from 'pino';
import type { ManualStepPress } from '../domain/webhook-event';
import type { ClickAnswer, ManualStepClickRequest, TemporalGateway } from '../temporal/gateway';
import { handOffToTemporal } from './hand-off';
import { HttpError } from './http-error';

/** The click as the gateway hands it over: to the run that offered the step, or done without it. */
export function clickRequestOf(press: ManualStepPress, event: Record<string, unknown>): ManualStepClickRequest {
  const { trigger, checkRun } = press;
  return {
    click: {
      action: press.action,
      template: trigger.entrypoint,
      checkRunId: checkRun.id,
      sha: trigger.sha,
      sender: trigger.sender,
      deliveryId: trigger.deliveryId,
      clickKey: press.clickKey,
      event,
    },
    ...(checkRun.ownerWorkflowId ? { ownerWorkflowId: checkRun.ownerWorkflowId } : {}),
    trigger,
    step: { checkRunId: checkRun.id, checkRunName: checkRun.name, essential: checkRun.essential },
  };
}

/**
 * A Run or Skip press: 202 once Temporal has it (the owner run took it, or the step's run or skip was started
 * without it), 409 with the reason when the owner refused it (the step is running, another commit's check
 * run: redelivering will not help), 503 when Temporal could not be reached or the run did not take the press in
 * time (GitHub can redeliver; the click key makes a redelivery the same press).
 */
export async function pressManualStep(
  temporal: TemporalGateway,
  request: ManualStepClickRequest,
  log: Logger,
): Promise<ClickAnswer> {
  const answer = await handOffToTemporal(log, 'button press', () => temporal.clickManualStep(request));
  const { click } = request;
  log.info(
    { action: click.action, template: click.template, checkRunId: click.checkRunId, answer },
    'manual step pressed',
  );
  if (answer.kind === 'refused') throw new HttpError(409, `${click.action} refused: ${answer.reason}`);
  if (answer.kind === 'unanswered')
    throw new HttpError(
      503,
      `run ${answer.ownerWorkflowId} did not take the ${click.action} press in time (its worker may be down or ` +
        'restarting); redeliver this webhook later, the press is taken once',
    );
  return answer;
}
