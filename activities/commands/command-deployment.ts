import { deployTemplatesRegex } from '../../domain/deploy-templates';
import { compileRegex } from '../../domain/regex';
import type { CiTrigger } from '../../domain/types';
import { githubTarget } from '../github-target';
import type { ActivityDeps } from '../deps';
import type { LoadPipelineInput, LoadPipelineResult } from '../load-pipeline';

type RenderPipeline = (input: LoadPipelineInput) => Promise<LoadPipelineResult>;

/** The deploy templates of the pipeline at the trigger's commit, or why there are none. */
export type DeployTemplatesResult = { kind: 'found'; templates: string[] } | { kind: 'none'; reason: string };

/**
 * `/kube-ci deploy` (G11): which templates of the commit's pipeline deploy (`deployTemplates`, or the pipeline's
 * annotation), and the GitHub Deployment that asks kube-ci to run one. The run itself is started by the command
 * workflow under the id a `deployment` webhook for that deployment would give it (`deployment-<id>`), so the
 * two paths are one run; the webhook of a deployment kube-ci made is ignored anyway (domain/deployment-event.ts).
 */
export function makeCommandDeployment(deps: ActivityDeps, render: RenderPipeline) {
  return {
    async deployTemplatesAt({ trigger }: { trigger: CiTrigger }): Promise<DeployTemplatesResult> {
      const loaded = await render({ trigger });
      if (loaded.kind === 'none') return { kind: 'none', reason: loaded.reason };
      if (loaded.kind === 'invalid')
        return { kind: 'none', reason: `the pipeline is invalid: ${loaded.error.message}` };
      const { re } = deployTemplatesRegex(loaded.workflow, deps.settings);
      const templates = (loaded.workflow.spec.templates ?? []).map((t) => t.name ?? '').filter((n) => n && re.test(n));
      if (templates.length === 0)
        return { kind: 'none', reason: 'the pipeline has no deploy template (deployTemplates)' };
      return { kind: 'found', templates };
    },

    /**
     * Creates the deployment of `trigger.sha` for `task` to `environment`, payload `{kube_ci: {run: true, command}}`;
     * a retry finds the one an earlier attempt made by its `command` key instead of making a second.
     */
    async createCommandDeployment(input: {
      trigger: CiTrigger;
      task: string;
      environment: string;
      key: string;
    }): Promise<{ id: number }> {
      const { trigger, task, environment, key } = input;
      const at = githubTarget(trigger);
      const made = await deps.github.listDeployments(at, { sha: trigger.sha, task, environment });
      const earlier = made.find((d) => commandKeyOf(d.payload) === key);
      if (earlier) return { id: earlier.id };
      const production = compileRegex(deps.settings.productionEnvironments);
      const created = await deps.github.createDeployment(at, {
        ref: trigger.sha,
        task,
        environment,
        description: `deploying ${trigger.repo.owner}/${trigger.repo.name} (${task}) to ${environment}`,
        productionEnvironment: production.ok && production.re.test(environment),
        payload: {
          kube_ci: { run: true, ref_type: trigger.refType, ref_name: trigger.ref, sha: trigger.sha, command: key },
        },
      });
      return { id: created.id };
    },
  };
}

function commandKeyOf(payload: unknown): unknown {
  const value = typeof payload === 'string' ? safeJson(payload) : payload;
  if (typeof value !== 'object' || value === null) return undefined;
  const kubeCi = (value as { kube_ci?: unknown }).kube_ci;
  return typeof kubeCi === 'object' && kubeCi !== null ? (kubeCi as { command?: unknown }).command : undefined;
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}
