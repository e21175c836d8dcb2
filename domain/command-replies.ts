/** The texts kube-ci answers `/kube-ci` commands with (SPEC B 15.4), and which check runs `retest` re-runs. */
import { DEFAULT_CHECK_RUN_NAME } from './run-decision';

/** A `/kube-ci setup` template as help lists it (config `templates`). */
export interface TemplateEntry {
  name: string;
  description: string;
}

/**
 * The help reply: every command with an example, then the setup templates sorted by name as the original
 * listed them (`- *<name>*: <description>`), after the problem with the command when there was one. It never
 * starts with `/kube-ci`, so kube-ci's own reply is not read as a command.
 */
export function commandHelpText(templates: TemplateEntry[], problem?: string): string {
  const lines = [
    ...(problem ? [`**${problem}**`, ''] : []),
    'kube-ci commands (write access to the repository, or membership of a configured org, needed):',
    '- `/kube-ci run [entrypoint]`: run the pipeline (or one entrypoint) on this PR’s head commit',
    '- `/kube-ci ok-to-test`: approve a fork PR’s head commit and run it; a later push needs a new approval',
    '- `/kube-ci retest`: re-run the failed kube-ci check runs of this PR’s head commit',
    '- `/kube-ci cancel`: cancel this PR’s running kube-ci runs',
    '- `/kube-ci deploy [environment (default: "staging")] [template]`: create a GitHub Deployment and run the deploy template',
    '- `/kube-ci setup TEMPLATENAME`: commit `.kube-ci/ci.yaml` from a template to this PR’s branch (or the default branch)',
    '- `/kube-ci help`: this list',
  ];
  const sorted = [...templates].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  if (sorted.length === 0) lines.push('', 'No setup templates are configured.');
  else lines.push('', 'Setup templates:', ...sorted.map((t) => `  - *${t.name}*: ${t.description}`));
  return lines.join('\n').trim();
}

/** One of kube-ci's check runs, as `retest` looks at it. */
export interface CheckRunFacts {
  id: number;
  name: string;
  externalId: string | null;
  status: string;
  conclusion: string | null;
}

const FAILED: ReadonlySet<string> = new Set(['failure', 'timed_out', 'cancelled']);

/**
 * The entrypoints `retest` re-runs: for each check-run name, the newest check run (highest id) counts, and it is
 * re-run when it concluded failure, timed_out or cancelled. `Default Workflow` (a pipeline that could not be set
 * up) re-runs the default entrypoint (''); deployment runs (`… (deployment)`) are left alone: they belong to
 * their deployment. Each entrypoint once, in name order.
 */
export function failedEntrypoints(checkRuns: CheckRunFacts[]): string[] {
  const newest = new Map<string, CheckRunFacts>();
  for (const run of checkRuns) {
    const seen = newest.get(run.name);
    if (!seen || run.id > seen.id) newest.set(run.name, run);
  }
  const out = new Set<string>();
  for (const run of [...newest.values()].sort((a, b) => (a.name < b.name ? -1 : 1))) {
    if (run.status !== 'completed' || !FAILED.has(run.conclusion ?? '')) continue;
    if (run.name.endsWith(' (deployment)')) continue;
    out.add(run.name === DEFAULT_CHECK_RUN_NAME ? '' : (run.externalId ?? ''));
  }
  return [...out];
}
