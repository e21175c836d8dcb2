import { ARGO_TITLE_ANNOTATION, Annotation, annotationKey } from './annotation-key';
import { jsonCopy } from './json-copy';
import { labelSafe } from './label-safe';
import type { ArgoParameter, ArgoWorkflow, PullRequestInfo, RefType, RepoInfo, RunSettings } from './types';
import { wfName } from './wf-name';

/** Everything {@link decorateWorkflow} writes into the pipeline. */
export interface DecorateContext {
  repo: RepoInfo;
  sha: string;
  ref: string;
  refType: RefType;
  /** the requested entrypoint ('' for default runs); it names the workflow, as in the original */
  entrypoint: string;
  pullRequests: PullRequestInfo[];
  installationId: number;
  settings: RunSettings;
  /** the Temporal workflow id: same run, same Argo name (see `wfName`) */
  salt: string;
  checkRun?: { id: number; name: string };
  cacheVolumeClaimName?: string;
}

/** Default `spec.ttlStrategy`: keep finished Argo Workflows for 3 days (SPEC B 8.2). */
export const DEFAULT_TTL_SECONDS = 259_200;

/**
 * `workflow.go: decorateWorkflow` (SPEC B §8): returns a new Argo Workflow ready to submit; the
 * input is not changed. Sets name (deterministic, from `ctx.salt`), namespace, TTL, tolerations,
 * node selector, the injected parameters in the original's order, labels and annotations.
 *
 * Differences from the original, per SPEC A2:
 * - G57: a user `spec.ttlStrategy` is kept; the 3-day default applies only when none is set.
 * - G4: every user parameter whose name this run injects is removed first, so nothing is duplicated.
 *   A name not injected this time (`tag` on a branch build, `cacheVolumeClaimName` without a cache)
 *   keeps the user's value, so templates referring to it still resolve.
 * - G56: PR title/URL annotations are written only when known (minimal PR objects lack them).
 */
export function decorateWorkflow(workflow: ArgoWorkflow, ctx: DecorateContext): ArgoWorkflow {
  const result = jsonCopy(workflow);
  const { metadata, spec } = result;
  const { settings } = ctx;

  delete metadata.generateName;
  metadata.name = wfName({
    org: ctx.repo.owner,
    repo: ctx.repo.name,
    entrypoint: ctx.entrypoint,
    ref: ctx.ref,
    salt: ctx.salt,
  });
  if (settings.namespace !== '') metadata.namespace = settings.namespace;

  if (!spec.ttlStrategy || Object.keys(spec.ttlStrategy).length === 0) {
    spec.ttlStrategy = { secondsAfterCompletion: DEFAULT_TTL_SECONDS };
  }
  const tolerations = [...(spec.tolerations ?? []), ...settings.tolerations];
  if (tolerations.length > 0) spec.tolerations = tolerations;
  const nodeSelector = { ...spec.nodeSelector, ...settings.nodeSelector };
  if (Object.keys(nodeSelector).length > 0) spec.nodeSelector = nodeSelector;

  const injected = injectedParameters(ctx);
  const names = new Set(injected.map((p) => p.name));
  const kept = (spec.arguments?.parameters ?? []).filter((p) => !names.has(p.name));
  spec.arguments = { ...spec.arguments, parameters: [...kept, ...injected] };

  metadata.labels = {
    ...metadata.labels,
    managedBy: settings.managedBy,
    org: labelSafe(ctx.repo.owner),
    repo: labelSafe(ctx.repo.name),
    branch: labelSafe(ctx.ref),
  };
  metadata.annotations = { ...metadata.annotations, ...runAnnotations(ctx) };
  return result;
}

/** The parameters of SPEC B 8.5, in that order, plus `cacheVolumeClaimName` when a cache is used. */
function injectedParameters(ctx: DecorateContext): ArgoParameter[] {
  const first = ctx.pullRequests[0];
  const values: [string, string][] = [
    ['repo', ctx.repo.sshUrl],
    ['repo_git_url', ctx.repo.gitUrl],
    ['repo_https_url', ctx.repo.cloneUrl],
    ['repoName', ctx.repo.name],
    ['orgName', ctx.repo.owner],
    ['revision', ctx.sha],
    ['refType', ctx.refType],
    ['refName', ctx.ref],
    [ctx.refType, ctx.ref],
    ['repoDefaultBranch', ctx.repo.defaultBranch || 'main'],
    ['pullRequestID', first ? String(first.number) : ''],
    ['pullRequestBaseBranch', first ? first.baseRef : ''],
  ];
  if (ctx.cacheVolumeClaimName !== undefined) values.push(['cacheVolumeClaimName', ctx.cacheVolumeClaimName]);
  return values.map(([name, value]) => ({ name, value }));
}

/** Annotations kube-ci owns (SPEC B 8.6, 8.8); they overwrite user annotations of the same key. */
function runAnnotations(ctx: DecorateContext): Record<string, string> {
  const key = (name: string): string => annotationKey(ctx.settings.annotationPrefix, name);
  const out: Record<string, string> = {
    [key(Annotation.sha)]: ctx.sha,
    [key(Annotation.branch)]: ctx.ref,
    [key(Annotation.repo)]: ctx.repo.name,
    [key(Annotation.org)]: ctx.repo.owner,
    [key(Annotation.installId)]: String(ctx.installationId),
  };
  const first = ctx.pullRequests[0];
  if (first?.title) out[ARGO_TITLE_ANNOTATION] = first.title;
  if (first?.htmlUrl) out[key(Annotation.prUrl)] = first.htmlUrl;
  if (ctx.checkRun) {
    out[key(Annotation.checkRunName)] = ctx.checkRun.name;
    out[key(Annotation.checkRunId)] = String(ctx.checkRun.id);
  }
  return out;
}
