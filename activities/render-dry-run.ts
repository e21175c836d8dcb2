import { planArgoWorkflow } from '../domain/plan-argo-workflow';
import type { PipelineError } from '../domain/parse-pipeline-yaml';
import { decideRun } from '../domain/run-decision';
import type { ArgoWorkflow, CiTrigger } from '../domain/types';
import type { ActivityDeps } from './deps';
import type { GitHubGateway } from './github/gateway';
import { makeRenderPipeline, type StarlarkRenderer } from './load-pipeline';

/**
 * The answer travels through workflow history twice (activity result, workflow result); Temporal refuses
 * payloads over 2 MB, so a bigger rendering is reported instead of failing the workflow task.
 */
export const MAX_DRY_RUN_WORKFLOW_BYTES = 1_500_000;

export interface RenderDryRunInput {
  /** source `api`: policy and runForBranch/runForTag do not gate it, as for any explicit request */
  trigger: CiTrigger;
  /** `.kube-ci/` files supplied by the caller (path inside the folder → content); absent = read at the commit */
  ciContext?: Record<string, string>;
  /** names the Argo Workflow (the dry-run workflow id: a fresh name per request, as the original's random one) */
  salt: string;
}

/** `debug` is the `print()` output of the evaluation, one line per print, '' when none. */
export type RenderDryRunResult =
  | { kind: 'workflow'; workflow: ArgoWorkflow; debug: string }
  | { kind: 'invalid'; error: PipelineError; debug: string }
  | { kind: 'none'; reason: string; debug: string }
  | { kind: 'skip'; reason: string; debug: string }
  | { kind: 'too-large'; bytes: number; limit: number; debug: string };

/**
 * The HTTP API's dry run (SPEC B 17.2, G20): the same rendering as a run (ci.star first, then ci.yaml),
 * the same run decision and decoration, and nothing else — no check run, no cache PVC, no submit. The
 * cache claim a run would use is still named in the parameters, so the answer is what a run would submit
 * (less its check-run annotations). Retry class: as loadPipeline; the result is a function of the input.
 */
export function makeRenderDryRun(deps: ActivityDeps, renderStarlark?: StarlarkRenderer) {
  return async function renderDryRun({ trigger, ciContext, salt }: RenderDryRunInput): Promise<RenderDryRunResult> {
    const github = ciContext ? withContextFiles(deps.github, contextFiles(ciContext)) : deps.github;
    const loaded = await makeRenderPipeline({ ...deps, github }, renderStarlark)({ trigger });
    const debug = loaded.kind === 'none' ? '' : (loaded.prints ?? []).join('\n');
    if (loaded.kind === 'none') return { kind: 'none', reason: loaded.reason, debug };
    if (loaded.kind === 'invalid') return { kind: 'invalid', error: loaded.error, debug };

    const decision = decideRun({ trigger, workflow: loaded.workflow, settings: loaded.settings });
    if (decision.kind === 'skip') return { kind: 'skip', reason: decision.reason, debug };
    if (decision.kind === 'invalid')
      return { kind: 'invalid', error: { message: decision.message, file: loaded.file }, debug };
    const { cache, workflow } = planArgoWorkflow({
      trigger,
      repo: loaded.repo,
      settings: loaded.settings,
      workflow: decision.workflow,
      salt,
    });
    if (cache.kind === 'error') {
      return {
        kind: 'invalid',
        error: { message: `creation of cache volume failed, ${cache.message}`, file: loaded.file },
        debug,
      };
    }
    const bytes = JSON.stringify(workflow).length;
    if (bytes > MAX_DRY_RUN_WORKFLOW_BYTES)
      return { kind: 'too-large', bytes, limit: MAX_DRY_RUN_WORKFLOW_BYTES, debug };
    return { kind: 'workflow', workflow, debug };
  };
}

/** The original trims a leading "/" from every key of `ci_context` (SPEC B 17.1). */
function contextFiles(ciContext: Record<string, string>): Map<string, string> {
  return new Map(Object.entries(ciContext).map(([name, content]) => [name.replace(/^\/+/, ''), content]));
}

/**
 * The gateway with the caller's files standing in for `.kube-ci/` at the commit; everything else (the
 * repository, github:// modules) still comes from GitHub. A Proxy, so class-based gateways keep their methods.
 */
function withContextFiles(github: GitHubGateway, files: Map<string, string>): GitHubGateway {
  const getContextFolder: GitHubGateway['getContextFolder'] = async () => ({
    files: new Map([...files].map(([path, text]) => [path, Buffer.byteLength(text, 'utf8')])),
    truncated: false,
    read: async (path) => files.get(path) ?? null,
  });
  return new Proxy(github, {
    get(target, property) {
      if (property === 'getContextFolder') return getContextFolder;
      const value: unknown = Reflect.get(target, property, target);
      return typeof value === 'function' ? (value as (...args: unknown[]) => unknown).bind(target) : value;
    },
  });
}
