import { Annotation, annotationKey } from './annotation-key';
import { compileRegex, NOTHING, type Pattern } from './regex';
import type { ArgoWorkflow, RunSettings } from './types';

type Settings = Pick<RunSettings, 'annotationPrefix' | 'deployTemplates' | 'environmentParameter'>;

/**
 * The regex naming deploy templates: the `deployTemplates` annotation, else the config's. A bad annotation is
 * a warning and the config regex is used instead (G3: the original panicked), as the original does for a bad
 * `manualTemplates` annotation.
 */
export function deployTemplatesRegex(workflow: ArgoWorkflow, settings: Settings): { re: Pattern; warning?: string } {
  const key = annotationKey(settings.annotationPrefix, Annotation.deployTemplates);
  const override = workflow.metadata.annotations?.[key];
  const fallback = compileRegex(settings.deployTemplates);
  const configured = fallback.ok ? fallback.re : NOTHING;
  if (override === undefined) return { re: configured };
  const compiled = compileRegex(override);
  if (compiled.ok) return { re: compiled.re };
  return {
    re: configured,
    warning: `ignoring bad deploy template regexp in annotation ${key}, ${compiled.error}; using \`${settings.deployTemplates}\``,
  };
}

/**
 * Warnings about deployment tracking that can be known before the run starts, for the check run: a bad
 * `deployTemplates` annotation, and deploy templates that declare no `environmentParameter` input (their
 * nodes cannot be tracked: GitHub needs an environment).
 */
export function deployTemplateWarnings(workflow: ArgoWorkflow, settings: Settings): string[] {
  const { re, warning } = deployTemplatesRegex(workflow, settings);
  const warnings = warning ? [warning] : [];
  for (const template of workflow.spec.templates ?? []) {
    if (!template.name || !re.test(template.name)) continue;
    if (template.inputs?.parameters?.some((p) => p.name === settings.environmentParameter)) continue;
    warnings.push(
      `deploy template ${template.name} has no input parameter ${settings.environmentParameter}: its steps are not tracked as deployments`,
    );
  }
  return warnings;
}
