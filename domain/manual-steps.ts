import { Annotation, annotationKey } from './annotation-key';
import { compileRegex, NOTHING, type Pattern } from './regex';
import type { ArgoWorkflow, RunSettings } from './types';

/** A template offered as a manual step: a check run with Run / Skip buttons (SPEC B 13.5). */
export interface ManualStepOffer {
  template: string;
  /** matches `essentialTemplates`: its check run is `action_required` rather than `neutral` */
  essential: boolean;
}

export interface ManualStepsInput {
  /** the pipeline as submitted (its annotations and templates) */
  workflow: ArgoWorkflow;
  /** the entrypoint this run ran (`spec.entrypoint` after setup) */
  entrypoint: string;
  /** the head branch the run built */
  branch: string;
  /** the repository's default branch: never interactive */
  defaultBranch: string;
  settings: Pick<RunSettings, 'manualTemplates' | 'essentialTemplates' | 'nonInteractiveBranches' | 'annotationPrefix'>;
}

export interface ManualStepsDecision {
  steps: ManualStepOffer[];
  /** shown on the run's check run as `**WARNING:** …`, never dropped (G53, G55) */
  warnings: string[];
}

/** GitHub's limit on an action button's identifier and label; the original said so in its warning. */
const MAX_BUTTON_TEMPLATE = 20;

/**
 * `controller.go: nextCheckRunsForWorkflow`, `isInteractiveBranch` (SPEC B 13.2–13.5) for a run whose
 * workflow succeeded: which templates become manual-step check runs.
 *
 * Not interactive: the default branch, a branch matching `nonInteractiveBranches` (config, overridden by the
 * annotation), and a run that was itself a manual step (its entrypoint matches the manual regex). Differences
 * from the original: `ann:essentialTemplates` overrides the essential regex, not the manual one (G2); a bad
 * override regex keeps the config one with a warning, for every override (13.2 was silent); warnings are kept
 * in every case, including a run that offers nothing (G53, G55). Never throws.
 */
export function manualStepsFor(input: ManualStepsInput): ManualStepsDecision {
  const { workflow, settings } = input;
  const warnings: string[] = [];
  const regexFor = (name: 'manualTemplates' | 'essentialTemplates' | 'nonInteractiveBranches'): Pattern => {
    const override = workflow.metadata.annotations?.[annotationKey(settings.annotationPrefix, Annotation[name])];
    if (override !== undefined) {
      const compiled = compileRegex(override);
      if (compiled.ok) return compiled.re;
      warnings.push(`ignoring bad ${label[name]} regexp, ${compiled.error}`);
    }
    const configured = compileRegex(settings[name]);
    // Config regexes are checked at start; a pattern that still fails matches nothing rather than everything.
    return configured.ok ? configured.re : NOTHING;
  };
  const manual = regexFor('manualTemplates');
  const essential = regexFor('essentialTemplates');
  const nonInteractive = regexFor('nonInteractiveBranches');

  if (input.branch === input.defaultBranch || nonInteractive.test(input.branch)) return { steps: [], warnings };
  if (manual.test(input.entrypoint)) return { steps: [], warnings };

  const steps: ManualStepOffer[] = [];
  const seen = new Set<string>();
  for (const template of workflow.spec.templates ?? []) {
    const name = template.name ?? '';
    if (name === '' || seen.has(name) || !manual.test(name)) continue;
    seen.add(name);
    if (name.length > MAX_BUTTON_TEMPLATE) {
      warnings.push(`Action button ${name} dropped, only ${MAX_BUTTON_TEMPLATE} chars permitted`);
      continue;
    }
    steps.push({ template: name, essential: essential.test(name) });
  }
  return { steps, warnings };
}

const label = {
  manualTemplates: 'manual template',
  essentialTemplates: 'essential template',
  nonInteractiveBranches: 'non-interactive branch',
} as const;
