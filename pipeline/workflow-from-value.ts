import type { JSONValue } from '../starlark-wasm/src/index';
import type { PipelineError } from '../domain/parse-pipeline-yaml';
import type { ArgoWorkflow } from '../domain/types';

export type WorkflowValue =
  | { kind: 'workflow'; workflow: ArgoWorkflow }
  /** `workflow = None`: use ci.yaml instead (SPEC B 5.4) */
  | { kind: 'fallback' }
  | { kind: 'error'; error: PipelineError };

/**
 * SPEC B 5.4: the `workflow` global of an evaluated ci.star → an Argo Workflow. Messages follow the
 * original (typo fixed) and `parsePipelineYaml`; the line is that of the top-level `workflow =`.
 */
export function workflowFromValue(value: JSONValue | undefined, file: string, source: string): WorkflowValue {
  const at = { file, ...lineOfAssignment(source) };
  if (value === undefined) return invalid("starlark result must contain 'workflow'", { file });
  if (value === null) return { kind: 'fallback' };
  if (typeof value !== 'object' || Array.isArray(value)) return invalid('workflow value is not a dictionary', at);
  const { apiVersion, kind } = value;
  if (typeof apiVersion !== 'string' || typeof kind !== 'string') {
    return invalid("could not decode JSON to kubernetes object, Object 'Kind' or 'apiVersion' is missing", at);
  }
  if (apiVersion !== 'argoproj.io/v1alpha1' || kind !== 'Workflow')
    return invalid(`could not use ${apiVersion}/${kind} as workflow`, at);
  const spec = value['spec'];
  if (typeof spec !== 'object' || spec === null || Array.isArray(spec))
    return invalid('could not decode JSON to kubernetes object, the Workflow has no spec', at);
  const metadata = value['metadata'];
  const workflow = {
    ...value,
    metadata: typeof metadata === 'object' && metadata !== null && !Array.isArray(metadata) ? metadata : {},
  };
  return { kind: 'workflow', workflow: workflow as unknown as ArgoWorkflow };
}

function invalid(message: string, at: { file: string; line?: number }): WorkflowValue {
  return { kind: 'error', error: { ...at, message } };
}

function lineOfAssignment(source: string): { line?: number } {
  const index = source.split('\n').findIndex((l) => /^workflow\s*=/.test(l));
  return index < 0 ? {} : { line: index + 1 };
}
