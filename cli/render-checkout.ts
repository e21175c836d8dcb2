import { join } from 'node:path';
import type { JSONValue, EvaluationLimits, StarlarkPool } from '../starlark-wasm/src/index';
import { checkPipeline } from '../activities/check-pipeline';
import { createHttpsFetcher, type HttpsFetchOptions } from '../activities/starlark/https-fetcher';
import { planCacheVolume } from '../domain/cache-volume';
import { decorateWorkflow } from '../domain/decorate-workflow';
import { workflowIdFor } from '../domain/ids';
import { parsePipelineYaml, type PipelineError } from '../domain/parse-pipeline-yaml';
import { decideRun } from '../domain/run-decision';
import type { ArgoWorkflow, CiTrigger, PullRequestInfo, RefType, RepoInfo, RunSettings } from '../domain/types';
import { DEFAULT_WORKFLOW_POLICY, type WorkflowPolicy } from '../domain/workflow-policy';
import { buildStarlarkInput } from '../pipeline/build-input';
import { renderStarlark } from '../pipeline/render-starlark';
import { githubContentsSource } from './github-contents';
import { readContextFolder } from './read-context';

export interface RenderCheckoutOptions {
  /** the checkout's root folder */
  dir: string;
  repo: { owner: string; name: string };
  ref: string;
  refType: RefType;
  sha: string;
  entrypoint: string;
  /** an explicit run (Run button, `/kube-ci run`), which policy does not gate; default: an automatic check suite */
  manual?: boolean;
  /** a webhook payload: its repository and pull request (if any) are used */
  event?: Record<string, JSONValue>;
  installationId: number;
  settings: RunSettings;
  /** the worker's workflow policy (the kube-ci config's `policy.*`); default: DEFAULT_WORKFLOW_POLICY */
  policy?: WorkflowPolicy;
  pipelineFiles: { contextPath: string; yamlFile: string; starlarkFile: string };
  pool: StarlarkPool;
  limits: EvaluationLimits;
  github: { apiUrl: string; token: string | undefined };
  https: HttpsFetchOptions;
}

export type RenderCheckoutResult =
  | {
      kind: 'workflow';
      workflow: ArgoWorkflow;
      file: string;
      checkRunName: string;
      warnings: string[];
      prints: string[];
    }
  | { kind: 'skip'; reason: string; prints: string[] }
  | { kind: 'none'; reason: string }
  | { kind: 'error'; error: PipelineError; prints: string[] };

/**
 * What the worker would submit for this checkout: the same pipeline loading (ci.star first, then ci.yaml),
 * the same run decision and the same decoration as workflows/ci-run.ts, with a placeholder check run (id 0)
 * and the Temporal workflow id a check suite would get as the name's salt.
 */
export async function renderCheckout(options: RenderCheckoutOptions): Promise<RenderCheckoutResult> {
  const { contextPath, yamlFile, starlarkFile } = options.pipelineFiles;
  const files = await readContextFolder(join(options.dir, contextPath));
  if (!files) return { kind: 'none', reason: `no ${contextPath}/ in ${options.dir}` };
  const repoInfo = repoInfoFrom(options);
  const trigger: CiTrigger = {
    source: options.manual ? 'check_run_action' : 'check_suite',
    installationId: options.installationId,
    repo: options.repo,
    sha: options.sha,
    ref: options.ref,
    refType: options.refType,
    entrypoint: options.entrypoint,
    pullRequests: pullRequestsFrom(options.event),
    deliveryId: 'kube-ci-render',
    sender: '',
  };

  let loaded: { workflow: ArgoWorkflow; file: string; yamlText?: string } | undefined;
  let prints: string[] = [];
  if (files.has(starlarkFile)) {
    const repository = options.event?.['repository'];
    const rendered = await renderStarlark({
      pool: options.pool,
      entryFile: starlarkFile,
      contextPath,
      origin: { owner: options.repo.owner, repo: options.repo.name, ref: options.sha },
      input: buildStarlarkInput({
        ...trigger,
        repoInfo,
        ...(isObject(repository) ? { repository } : {}),
        ...(options.event ? { event: options.event } : {}),
        // a checkout is not a change: scripts see `input.changed_files = None`, as for a run without a base
        changedFiles: { kind: 'absent', reason: 'kube-ci render reads a checkout' },
      }),
      sources: {
        context: async (path) => files.get(path) ?? null,
        github: githubContentsSource(options.github),
        https: createHttpsFetcher(options.https),
      },
      limits: options.limits,
    });
    prints = rendered.prints;
    if (rendered.kind === 'error') return { kind: 'error', error: rendered.error, prints };
    if (rendered.kind === 'workflow') loaded = { workflow: rendered.workflow, file: `${contextPath}/${starlarkFile}` };
  }
  if (!loaded) {
    const text = files.get(yamlFile);
    if (text === undefined) return { kind: 'none', reason: `no workflow definition found in ${contextPath}/` };
    const parsed = parsePipelineYaml(text, `${contextPath}/${yamlFile}`);
    if (!parsed.ok) return { kind: 'error', error: parsed.error, prints };
    loaded = { workflow: parsed.workflow, file: `${contextPath}/${yamlFile}`, yamlText: text };
  }
  // the worker's checks (Argo's schema, the workflow policy), so render refuses what a run would refuse
  const checked = checkPipeline({
    ...loaded,
    trigger,
    settings: options.settings,
    policy: options.policy ?? DEFAULT_WORKFLOW_POLICY,
  });
  if (!checked.ok) return { kind: 'error', error: checked.error, prints };
  loaded = { workflow: checked.workflow, file: loaded.file };

  // --manual stands for a press by someone who may bypass the branch, draft and fork rules (run-decision.ts)
  const authorised = options.manual ? { authorised: true } : {};
  const decision = decideRun({ trigger, workflow: loaded.workflow, settings: options.settings, ...authorised });
  if (decision.kind === 'skip') return { kind: 'skip', reason: decision.reason, prints };
  if (decision.kind === 'invalid')
    return { kind: 'error', error: { message: decision.message, file: loaded.file }, prints };
  const cache = planCacheVolume(decision.workflow, options.settings, {
    org: options.repo.owner,
    repo: options.repo.name,
    branch: options.ref,
  });
  if (cache.kind === 'error')
    return {
      kind: 'error',
      error: { message: `creation of cache volume failed, ${cache.message}`, file: loaded.file },
      prints,
    };
  const workflow = decorateWorkflow(decision.workflow, {
    repo: repoInfo,
    sha: options.sha,
    ref: options.ref,
    refType: options.refType,
    entrypoint: options.entrypoint,
    pullRequests: trigger.pullRequests,
    installationId: options.installationId,
    settings: options.settings,
    salt: workflowIdFor(trigger, 'render'),
    checkRun: { id: 0, name: decision.checkRunName },
    ...(cache.kind === 'volume' || cache.kind === 'existing-volume' ? { cacheVolumeClaimName: cache.name } : {}),
  });
  return {
    kind: 'workflow',
    workflow,
    file: loaded.file,
    checkRunName: decision.checkRunName,
    warnings: decision.warnings,
    prints,
  };
}

/** The repository as the worker would see it: from the payload when given, else github.com conventions. */
function repoInfoFrom({ repo, event }: RenderCheckoutOptions): RepoInfo {
  const r = isObject(event?.['repository']) ? (event['repository'] as Record<string, JSONValue>) : {};
  const text = (key: string, fallback: string): string => (typeof r[key] === 'string' ? (r[key] as string) : fallback);
  return {
    owner: repo.owner,
    name: repo.name,
    sshUrl: text('ssh_url', `git@github.com:${repo.owner}/${repo.name}.git`),
    gitUrl: text('git_url', `git://github.com/${repo.owner}/${repo.name}.git`),
    cloneUrl: text('clone_url', `https://github.com/${repo.owner}/${repo.name}.git`),
    defaultBranch: text('default_branch', 'main'),
    htmlUrl: text('html_url', `https://github.com/${repo.owner}/${repo.name}`),
  };
}

function pullRequestsFrom(event: Record<string, JSONValue> | undefined): PullRequestInfo[] {
  const pr = event?.['pull_request'];
  if (!isObject(pr)) return [];
  const at = (o: JSONValue | undefined, ...keys: string[]): string => {
    const v = keys.reduce<JSONValue | undefined>((x, k) => (isObject(x) ? x[k] : undefined), o);
    return typeof v === 'string' ? v : '';
  };
  return [
    {
      number: typeof pr['number'] === 'number' ? pr['number'] : 0,
      headRef: at(pr, 'head', 'ref'),
      headSha: at(pr, 'head', 'sha'),
      baseRef: at(pr, 'base', 'ref'),
      headRepoUrl: at(pr, 'head', 'repo', 'url'),
      baseRepoUrl: at(pr, 'base', 'repo', 'url'),
      draft: pr['draft'] === true,
      ...(typeof pr['title'] === 'string' ? { title: pr['title'] } : {}),
      ...(typeof pr['html_url'] === 'string' ? { htmlUrl: pr['html_url'] } : {}),
    },
  ];
}

function isObject(v: JSONValue | undefined): v is Record<string, JSONValue> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
