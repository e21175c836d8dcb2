import type { LoadPipelineResult } from '../activities/load-pipeline';
import { decideRun, type RunDecision } from '../domain/run-decision';
import type { CiTrigger } from '../domain/types';
import * as act from './activity-proxies';
import { shapeAtLeast, type RunShape } from './run-shape';

type LoadedPipeline = Extract<LoadPipelineResult, { kind: 'found' }>;

/**
 * The run's decision (domain/run-decision.ts), with the one fact it may need from GitHub: when the branch, draft
 * or fork rules refuse a press on GitHub (Re-run, Re-run all, a Run button), whether the person who pressed may
 * bypass them (write, maintain or admin, or an `authorisedOrgs` member; G12). Asked only then, so an ordinary run
 * makes no extra request. Shapes before 0.4 decide by the rules of their time, without asking.
 */
export async function decideRunOf(trigger: CiTrigger, pipeline: LoadedPipeline, shape: RunShape): Promise<RunDecision> {
  const input = { trigger, workflow: pipeline.workflow, settings: pipeline.settings };
  if (!shapeAtLeast(shape, '0.4')) return decideRun({ ...input, authorised: 'legacy' });
  const first = decideRun(input);
  if (first.kind !== 'skip' || !first.askAuthorisation) return first;
  const asked = await act.checkAuthorised({ trigger, login: trigger.sender });
  const second = decideRun({ ...input, authorised: asked.authorised });
  return second.kind === 'skip' ? { kind: 'skip', reason: `${second.reason} (${asked.reason})` } : second;
}

/**
 * Shape 0.6: the decision loadPipeline made (`decide: true`, activities/decide-loaded.ts), whole again: a `run`
 * gets its workflow back from the result. A result without one is kube-ci's own bug: the run fails at once.
 */
export function loadedDecisionOf(pipeline: LoadedPipeline): {
  decision: RunDecision;
  pipelineEntrypoint: string | undefined;
} {
  const { decision } = pipeline;
  if (decision === undefined) throw new TypeError('loadPipeline returned a pipeline without the run decision');
  if (decision.kind !== 'run') return { decision, pipelineEntrypoint: undefined };
  const { pipelineEntrypoint, ...run } = decision;
  return { decision: { ...run, workflow: pipeline.workflow }, pipelineEntrypoint };
}
