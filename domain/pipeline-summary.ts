import type { ArgoTemplate, ArgoWorkflow } from './types';

/**
 * A large pipeline without the bodies of its templates: what a run's decisions read (metadata, the
 * entrypoint, arguments, each template's name and inputs). Keeps rendered pipelines of hundreds of KB out
 * of workflow history; the submit activity puts the bodies back with `restorePipeline`.
 */
export function summarizePipeline(workflow: ArgoWorkflow): ArgoWorkflow {
  const templates = (workflow.spec.templates ?? []).map(summarizeTemplate);
  return { ...workflow, spec: { ...workflow.spec, templates } };
}

function summarizeTemplate(template: ArgoTemplate): ArgoTemplate {
  return {
    ...(template.name !== undefined ? { name: template.name } : {}),
    ...(template.inputs ? { inputs: template.inputs } : {}),
  };
}

/**
 * The full pipeline with a run's decisions applied: metadata and spec from the decorated summary, each
 * template's body from the full pipeline (matched by position) with the summary's inputs, where the
 * decisions set a deploy environment. Throws when the two do not describe the same pipeline.
 */
export function restorePipeline(full: ArgoWorkflow, decoratedSummary: ArgoWorkflow): ArgoWorkflow {
  const fullTemplates = full.spec.templates ?? [];
  const summaryTemplates = decoratedSummary.spec.templates ?? [];
  if (
    fullTemplates.length !== summaryTemplates.length ||
    fullTemplates.some((t, i) => t.name !== summaryTemplates[i]?.name)
  ) {
    throw new Error('restorePipeline: the summary does not describe this pipeline');
  }
  const templates = fullTemplates.map((template, i) => {
    const inputs = summaryTemplates[i]?.inputs;
    const { inputs: _inputs, ...body } = template;
    return inputs ? { ...body, inputs } : body;
  });
  return { ...decoratedSummary, spec: { ...decoratedSummary.spec, templates } };
}
