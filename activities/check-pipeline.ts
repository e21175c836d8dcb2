import type { PipelineError } from '../domain/parse-pipeline-yaml';
import type { ArgoWorkflow, CiTrigger, RunSettings } from '../domain/types';
import {
  checkWorkflowPolicy,
  formatPath,
  policyViolationMessage,
  type WorkflowPolicy,
} from '../domain/workflow-policy';
import { workflowShapeErrors } from './argo-schema/workflow-schema';
import { lineOfField } from './pipeline-field-line';

export interface CheckPipelineInput {
  workflow: ArgoWorkflow;
  /** the pipeline's path in the repository, e.g. `.kube-ci/ci.yaml` */
  file: string;
  /** the text of ci.yaml, to find the line of a bad field; absent for ci.star (its result has no lines) */
  yamlText?: string;
  trigger: CiTrigger;
  settings: RunSettings;
  policy: WorkflowPolicy;
}

export type CheckPipelineResult =
  { ok: true; workflow: ArgoWorkflow; stripped: string[] } | { ok: false; error: PipelineError };

/** Schema errors listed on the check run; the rest are counted. */
const MAX_SHAPE_ERRORS = 10;

/**
 * The largest rendered pipeline (JSON bytes) a run submits: Kubernetes keeps an object in etcd only up to its
 * request limit of 1.5 MiB, and the decoration kube-ci adds needs a little room. A larger one would be refused
 * by the API server after the check run was made; refusing it here says why, on the pipeline file.
 */
export const MAX_RENDERED_WORKFLOW_BYTES = 1_500_000;

/**
 * Every rendered pipeline, before anything is made from it: first its shape against Argo's Workflow schema
 * (so a `templates: {}` is a message with the path, never an exception in the run decision or decoration),
 * then the operator's workflow policy. A failure is a PipelineError for the invalid-pipeline check run.
 */
export function checkPipeline(input: CheckPipelineInput): CheckPipelineResult {
  const { file, yamlText } = input;
  const at = (keys: (string | number)[]): { line?: number } => {
    const line = yamlText === undefined ? undefined : lineOfField(yamlText, keys);
    return line === undefined ? {} : { line };
  };

  const bytes = JSON.stringify(input.workflow).length;
  if (bytes > MAX_RENDERED_WORKFLOW_BYTES) {
    const message = `the rendered Argo Workflow is ${bytes} bytes; Kubernetes stores objects of at most 1.5 MiB, so kube-ci submits at most ${MAX_RENDERED_WORKFLOW_BYTES} (move templates into WorkflowTemplates)`;
    return { ok: false, error: { message, file } };
  }

  const shape = workflowShapeErrors(input.workflow);
  if (shape.length > 0) {
    const lines = [...new Set(shape.map((e) => `${formatPath(e.keys) || '(the document)'}: ${e.message}`))];
    const shown = lines.slice(0, MAX_SHAPE_ERRORS);
    if (lines.length > shown.length) shown.push(`… and ${lines.length - shown.length} more`);
    const message = `${file} is not a valid Argo Workflow (Argo's Workflow schema):\n${shown.join('\n')}`;
    return { ok: false, error: { message, file, ...at(shape[0]!.keys) } };
  }

  const checked = checkWorkflowPolicy(input.workflow, input.policy, {
    settings: input.settings,
    owner: { org: input.trigger.repo.owner, repo: input.trigger.repo.name, branch: input.trigger.ref },
  });
  if (!checked.ok) {
    const message = policyViolationMessage(checked.violations);
    return { ok: false, error: { message, file, ...at(checked.violations[0]!.keys), reason: 'policy' } };
  }
  return checked;
}
