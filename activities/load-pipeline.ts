import { log } from '@temporalio/activity';
import { parsePipelineYaml, type PipelineError } from '../domain/parse-pipeline-yaml';
import { summarizePipeline } from '../domain/pipeline-summary';
import { pipelineDigest } from './pipeline-store';
import type { ArgoWorkflow, CiTrigger, RepoInfo, RunSettings } from '../domain/types';
import { checkPipeline } from './check-pipeline';
import { contextFolderProblem, DEFAULT_CONTEXT_FOLDER_LIMITS } from '../domain/context-folder-limits';
import type { ContextFolder } from './github/gateway';
import type { ActivityDeps } from './deps';
import { heartbeatWhile } from './heartbeat-while';
import { githubTarget } from './github-target';
import { changedFilesReader, type ChangedFilesReader } from './changed-files';
import { decidePathFilter, onPathChangeGlobs, type PathFilterVerdict } from '../domain/path-filter';
import { isAutomaticTrigger } from '../domain/run-decision';
import { Annotation, annotationKey } from '../domain/annotation-key';
import { runWithin } from './run-within';
import { makeCheckAuthorised } from './commands/check-authorised';
import { decideLoaded, type LoadedDecision } from './decide-loaded';

export interface LoadPipelineInput {
  trigger: CiTrigger;
  /** the webhook payload, exposed to ci.star as `input.event` */
  event?: Record<string, unknown>;
  /** run shape 0.6: decide the run too (activities/decide-loaded.ts), asking checkAuthorised when needed */
  decide?: true;
}

export type LoadPipelineResult =
  | { kind: 'none'; reason: string }
  | { kind: 'invalid'; error: PipelineError; repo: RepoInfo; settings: RunSettings; prints?: string[] }
  | {
      kind: 'found';
      /** the whole pipeline, or for a large one (`stored` set) its summary: templates without bodies */
      workflow: ArgoWorkflow;
      file: string;
      repo: RepoInfo;
      settings: RunSettings;
      prints?: string[];
      stored?: StoredPipeline;
      /**
       * The onPathChange verdict (domain/path-filter.ts), when the pipeline has the annotation. The changed
       * files themselves stay out of workflow history; shapes before 0.4 ignore the verdict.
       */
      pathFilter?: PathFilterVerdict;
      /** with `decide: true`: the run's decision; a `run`'s workflow is `workflow` (activities/decide-loaded.ts) */
      decision?: LoadedDecision;
    };

/** A large pipeline left out of workflow history: `submitArgoWorkflow` finds it by digest or renders it again. */
export interface StoredPipeline {
  digest: string;
  bytes: number;
}

/**
 * Renders `ci.star` (activities/starlark/starlark-renderer.ts); undefined = not present. `prints` is the
 * `print()` output of the whole evaluation (G26), for the check-run text.
 */
export type StarlarkRenderer = (input: {
  trigger: CiTrigger;
  repo: RepoInfo;
  /** `.kube-ci/` at the commit, within its limits; files are read when the script needs them */
  files: ContextFolder;
  event?: Record<string, unknown>;
  /** the run's changed files, for `input.changed_files`: read only when the script mentions them */
  changedFiles?: ChangedFilesReader;
}) => Promise<
  ({ kind: 'workflow'; workflow: ArgoWorkflow } | { kind: 'fallback' } | { kind: 'error'; error: PipelineError }) & {
    prints?: string[];
  }
>;

/**
 * Reads the CI context (`.kube-ci/`) at the commit SHA — never the branch name, which may have moved on —
 * and turns it into an Argo Workflow: `ci.star` first, then `ci.yaml`. No context or no pipeline file:
 * `none`, and nothing runs. A pipeline of the wrong shape or against the workflow policy is `invalid`
 * (activities/check-pipeline.ts). Retry class: transient GitHub errors retry; the result is a pure function of
 * the commit, so retries are harmless.
 */
export function makeLoadPipeline(deps: ActivityDeps, renderStarlark?: StarlarkRenderer) {
  const render = makeRenderPipeline(deps, renderStarlark);
  const checkAuthorised = makeCheckAuthorised(deps);
  return async function loadPipeline(input: LoadPipelineInput): Promise<LoadPipelineResult> {
    const changes = changedFilesReader(deps, input);
    const result = await heartbeatWhile(async () => {
      const rendered = await render(input, changes);
      return rendered.kind === 'found'
        ? { ...rendered, ...(await pathFilterOf(deps, input, rendered, changes)) }
        : rendered;
    });
    if (result.kind !== 'found') return result;
    const kept = keptOutOfHistory(deps, result);
    // Decided on what history carries (a large pipeline's summary), as the workflow decided before shape 0.6.
    return input.decide ? await decideLoaded(kept, input.trigger, checkAuthorised) : kept;
  };
}

type Found = Extract<LoadPipelineResult, { kind: 'found' }>;

/** A pipeline too large for history goes to the pipeline store (by the digest of the rendered pipeline). */
function keptOutOfHistory(deps: ActivityDeps, result: Found): Found {
  const bytes = JSON.stringify(result.workflow).length;
  if (bytes <= deps.maxPipelineBytesInHistory) return result;
  const digest = pipelineDigest(result.workflow);
  deps.pipelineStore.put(digest, result.workflow);
  return { ...result, workflow: summarizePipeline(result.workflow), stored: { digest, bytes } };
}

/**
 * The path filter's verdict on a found pipeline. The changed files are read only for a pipeline with the
 * onPathChange annotation and an automatic trigger (or already, for a script that reads them): a default run
 * makes no extra GitHub request.
 */
async function pathFilterOf(
  deps: ActivityDeps,
  { trigger }: LoadPipelineInput,
  { workflow }: { workflow: ArgoWorkflow },
  changes: ChangedFilesReader,
): Promise<{ pathFilter?: PathFilterVerdict }> {
  const annotationPrefix = deps.settings.annotationPrefix;
  const explicit = !isAutomaticTrigger(trigger);
  if (onPathChangeGlobs(workflow, annotationPrefix) === undefined || explicit) return {};
  const input = { workflow, annotationPrefix, changes: await changes(), explicit };
  const timeoutMs = deps.pathFilterTimeoutMs ?? 1000;
  const decided = runWithin(() => decidePathFilter(input), timeoutMs);
  if (!decided.ok) {
    const key = annotationKey(annotationPrefix, Annotation.onPathChange);
    const reason = `${key} was not applied, so the run goes ahead: matching its globs took over ${timeoutMs} ms (KUBECI_PATH_FILTER_TIMEOUT); simplify globs with many \`*\``;
    return { pathFilter: { kind: 'unchecked', reason } };
  }
  return decided.value.kind === 'unfiltered' ? {} : { pathFilter: decided.value };
}

/** The whole rendered pipeline at the commit; also used by `submitArgoWorkflow` to render a large one again. */
export function makeRenderPipeline(deps: ActivityDeps, renderStarlark?: StarlarkRenderer) {
  return async function renderPipeline(
    { trigger, event }: LoadPipelineInput,
    changedFiles: ChangedFilesReader = changedFilesReader(deps, { trigger, ...(event ? { event } : {}) }),
  ): Promise<LoadPipelineResult> {
    const { contextPath, yamlFile, starlarkFile } = deps.pipelineFiles;
    const at = githubTarget(trigger);
    const limits = deps.contextFolderLimits ?? DEFAULT_CONTEXT_FOLDER_LIMITS;
    const files = await deps.github.getContextFolder(at, contextPath, trigger.sha, {
      maxDepth: limits.maxDepth,
      prefetch: [yamlFile, starlarkFile],
    });
    if (!files) return { kind: 'none', reason: `no ${contextPath}/ at ${trigger.sha}` };
    // The webhook told us the repository (CiTrigger.repository); only older triggers and API runs ask GitHub.
    const repo = trigger.repository ? { ...trigger.repo, ...trigger.repository } : await deps.github.getRepository(at);
    const base = { repo, settings: deps.settings };
    const tooBig = contextFolderProblem(files, limits, contextPath);
    if (tooBig) return { kind: 'invalid', error: { message: tooBig, file: contextPath }, ...base };
    // Shape and policy before anything is made from the pipeline (runs, large-pipeline re-renders, dry runs).
    const checks = { settings: deps.settings, policy: deps.policy };

    if (files.files.has(starlarkFile) && renderStarlark) {
      const rendered = await renderStarlark({ trigger, repo, files, changedFiles, ...(event ? { event } : {}) });
      const prints = rendered.prints?.length ? { prints: rendered.prints } : {};
      if (rendered.kind === 'workflow') {
        const file = `${contextPath}/${starlarkFile}`;
        const checked = checkPipeline({ workflow: rendered.workflow, file, trigger, ...checks });
        if (!checked.ok) return { kind: 'invalid', error: checked.error, ...base, ...prints };
        logStripped(repo, checked.stripped);
        return { kind: 'found', workflow: checked.workflow, file, ...base, ...prints };
      }
      if (rendered.kind === 'error') return { kind: 'invalid', error: rendered.error, ...base, ...prints };
    } else if (files.files.has(starlarkFile)) {
      log.warn('ci.star present but no Starlark engine configured; trying ci.yaml', {
        repo: `${repo.owner}/${repo.name}`,
      });
    }

    const yamlText = await files.read(yamlFile);
    if (yamlText === null) return { kind: 'none', reason: `no workflow definition found in ${contextPath}/` };
    const file = `${contextPath}/${yamlFile}`;
    const parsed = parsePipelineYaml(yamlText, file);
    if (!parsed.ok) return { kind: 'invalid', error: parsed.error, ...base };
    const checked = checkPipeline({ workflow: parsed.workflow, file, yamlText, trigger, ...checks });
    if (!checked.ok) return { kind: 'invalid', error: checked.error, ...base };
    logStripped(repo, checked.stripped);
    return { kind: 'found', workflow: checked.workflow, file, ...base };
  };
}

function logStripped(repo: RepoInfo, stripped: string[]): void {
  if (stripped.length > 0) log.info('pipeline metadata stripped', { repo: `${repo.owner}/${repo.name}`, stripped });
}
