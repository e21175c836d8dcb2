/**
 * skipManualStepWorkflow — Skip pressed on a manual step whose run has ended (its wait ran out, it was
 * superseded): the step's check run is marked skipped all the same. Started by the API
 * (temporal/manual-step-click.ts) under an id keyed on the click, so a click delivered twice skips once.
 */
import { skippedManualStep } from '../domain/manual-step-check-run';
import type { CiTrigger } from '../domain/types';
import * as act from './activity-proxies';

export interface SkipManualStepInput {
  trigger: CiTrigger;
  checkRun: { id: number; name: string };
  /** who pressed Skip */
  sender: string;
}

export async function skipManualStepWorkflow(input: SkipManualStepInput): Promise<void> {
  await act.updateCheckRun({
    trigger: input.trigger,
    checkRunId: input.checkRun.id,
    ...skippedManualStep(input.checkRun.name, input.sender),
  });
}
