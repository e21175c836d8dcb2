import { Annotation, annotationKey } from './annotation-key';
import { jsonCopy } from './json-copy';
import { compileRegex } from './regex';
import type { ArgoWorkflow, DeploymentRequest, RunSettings } from './types';

export type { DeploymentRequest } from './types';

/** Input of {@link setupEntrypoint}. */
export interface SetupEntrypointInput {
  /** requested entrypoint; '' keeps `spec.entrypoint` */
  entrypoint: string;
  workflow: ArgoWorkflow;
  settings: Pick<RunSettings, 'deployTemplates' | 'environmentParameter' | 'annotationPrefix'>;
  deployment?: DeploymentRequest;
}

/** The pipeline with its entrypoint applied, or the reason it cannot run. */
export type SetupEntrypointResult =
  { ok: true; workflow: ArgoWorkflow; entrypoint: string } | { ok: false; message: string };

/**
 * `workflow.go: setupEntrypoint` (SPEC B 7.5), messages verbatim. Returns a new workflow; the input
 * is not changed. For deployments the task must match `deployTemplates` (annotation override
 * allowed) and its template must declare the `environmentParameter` input, which gets the
 * deployment's environment.
 */
export function setupEntrypoint({
  entrypoint,
  workflow,
  settings,
  deployment,
}: SetupEntrypointInput): SetupEntrypointResult {
  const result = jsonCopy(workflow);
  let requested = entrypoint;
  if (deployment) {
    requested = deployment.task;
    const key = annotationKey(settings.annotationPrefix, Annotation.deployTemplates);
    const source = workflow.metadata.annotations?.[key] ?? settings.deployTemplates;
    const compiled = compileRegex(source);
    if (!compiled.ok) return { ok: false, message: `annotation ${key} contains invalid regex, ${compiled.error}` };
    if (!compiled.re.test(requested)) {
      return {
        ok: false,
        message: `requested deployment action ${requested} does not match configured deployment templates, ${source}`,
      };
    }
  }
  if (requested !== '') result.spec.entrypoint = requested;
  const target = result.spec.entrypoint ?? '';
  const template = result.spec.templates?.find((t) => t.name === target);
  if (template === undefined || target === '') {
    return { ok: false, message: `requested entrypoint "${requested}" not found in workflow templates` };
  }
  if (deployment) {
    const parameter = template.inputs?.parameters?.find((p) => p.name === settings.environmentParameter);
    if (parameter === undefined) {
      return {
        ok: false,
        message: `did not find deployment environment parameter ${settings.environmentParameter} in template ${target}`,
      };
    }
    parameter.value = deployment.environment;
  }
  return { ok: true, workflow: result, entrypoint: target };
}
