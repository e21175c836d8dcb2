import { example, nodeId } from '../templates';
import { checkRunLimitViolation } from './check-run-limits';
import type { CheckRunState, RepoState } from '../state';
import {
  notFound,
  repoApiUrl,
  repoHtmlUrl,
  repoOf,
  validationFailed,
  type Handler,
  type HandlerContext,
  type HandlerResult,
} from './context';

/** GitHub refuses more than 50 annotations in one request. */
const MAX_ANNOTATIONS_PER_REQUEST = 50;
const COPIED_FIELDS = [
  'name',
  'details_url',
  'external_id',
  'status',
  'conclusion',
  'started_at',
  'completed_at',
  'actions',
];

function checkRunBody(ctx: HandlerContext, repo: RepoState, run: CheckRunState): Record<string, unknown> {
  const body = example('check-run');
  const api = repoApiUrl(ctx, repo);
  const output = (run.fields.output ?? {}) as Record<string, unknown>;
  const pulls = [...repo.pulls.values()].filter((p) => p.head.sha === run.headSha && p.state === 'open');
  Object.assign(body, {
    id: run.id,
    node_id: nodeId('CheckRun', run.id),
    head_sha: run.headSha,
    name: run.fields.name,
    external_id: run.fields.external_id ?? '',
    url: `${api}/check-runs/${run.id}`,
    html_url: `${repoHtmlUrl(ctx, repo)}/runs/${run.id}`,
    details_url: run.fields.details_url ?? null,
    status: run.fields.status,
    conclusion: run.fields.conclusion ?? null,
    started_at: run.fields.started_at ?? null,
    completed_at: run.fields.completed_at ?? null,
    output: {
      title: output.title ?? null,
      summary: output.summary ?? null,
      text: output.text ?? null,
      annotations_count: run.annotations.length,
      annotations_url: `${api}/check-runs/${run.id}/annotations`,
    },
    check_suite: { id: ctx.state.checkSuiteId(repo, run.headSha) },
    pull_requests: pulls.map((p) => ({
      url: `${api}/pulls/${p.number}`,
      id: p.number + 100000,
      number: p.number,
      head: { ref: p.head.ref, sha: p.head.sha, repo: { id: repo.id, url: api, name: repo.name } },
      base: { ref: p.base.ref, sha: p.base.sha, repo: { id: repo.id, url: api, name: repo.name } },
    })),
  });
  Object.assign(body.app as object, { id: ctx.state.appId });
  return body;
}

/** Applies one POST/PATCH body the way GitHub does: a conclusion completes the run, annotations accumulate. */
function apply(run: CheckRunState, method: 'POST' | 'PATCH', body: Record<string, unknown>): HandlerResult | undefined {
  const output = body.output as Record<string, unknown> | undefined;
  const annotations = (output?.annotations ?? []) as Record<string, unknown>[];
  if (annotations.length > MAX_ANNOTATIONS_PER_REQUEST) {
    return validationFailed(`Only ${MAX_ANNOTATIONS_PER_REQUEST} annotations are allowed per request`);
  }
  const overLimit = checkRunLimitViolation(body);
  if (overLimit) return overLimit;
  run.history.push({ method, body: structuredClone(body) });
  for (const field of COPIED_FIELDS) if (body[field] !== undefined) run.fields[field] = body[field];
  const now = new Date().toISOString().replace(/\.\d+Z$/, 'Z');
  if (body.conclusion !== undefined) run.fields.status = 'completed';
  if (run.fields.status === 'completed') run.fields.completed_at ??= now;
  run.fields.started_at ??= now;
  if (output) {
    const previous = (run.fields.output ?? {}) as Record<string, unknown>;
    run.fields.output = { title: output.title, summary: output.summary, text: output.text ?? previous.text };
  }
  run.annotations.push(...annotations);
  return undefined;
}

export const createCheckRun: Handler = (ctx) => {
  const repo = repoOf(ctx);
  if (!repo) return notFound();
  const headSha = String(ctx.body.head_sha);
  if (!repo.commits.has(headSha)) return validationFailed('No commit found for SHA: ' + headSha);
  const run: CheckRunState = {
    id: ctx.state.nextId(),
    headSha,
    fields: { status: 'queued' },
    annotations: [],
    history: [],
  };
  const refused = apply(run, 'POST', ctx.body);
  if (refused) return refused;
  repo.checkRuns.set(run.id, run);
  return { status: 201, body: checkRunBody(ctx, repo, run) };
};

export const updateCheckRun: Handler = (ctx) => {
  const repo = repoOf(ctx);
  const run = repo?.checkRuns.get(Number(ctx.params.check_run_id));
  if (!repo || !run) return notFound();
  return apply(run, 'PATCH', ctx.body) ?? { status: 200, body: checkRunBody(ctx, repo, run) };
};

export const getCheckRun: Handler = (ctx) => {
  const repo = repoOf(ctx);
  const run = repo?.checkRuns.get(Number(ctx.params.check_run_id));
  return repo && run ? { status: 200, body: checkRunBody(ctx, repo, run) } : notFound();
};

/** GET commits/{ref}/check-runs with `check_name`, `status`, `filter` (latest per name by default) and paging. */
export const listCheckRunsForRef: Handler = (ctx) => {
  const repo = repoOf(ctx);
  const commit = repo && ctx.state.resolveCommit(repo, ctx.params.ref ?? '');
  if (!repo || !commit) return notFound();
  let runs = [...repo.checkRuns.values()].filter((r) => r.headSha === commit.sha);
  if (ctx.query.check_name) runs = runs.filter((r) => r.fields.name === ctx.query.check_name);
  if (ctx.query.status) runs = runs.filter((r) => r.fields.status === ctx.query.status);
  if (ctx.query.app_id && Number(ctx.query.app_id) !== ctx.state.appId) runs = [];
  if ((ctx.query.filter ?? 'latest') === 'latest') {
    const latest = new Map<unknown, CheckRunState>();
    for (const run of runs) if ((latest.get(run.fields.name)?.id ?? 0) < run.id) latest.set(run.fields.name, run);
    runs = [...latest.values()];
  }
  runs.sort((a, b) => b.id - a.id);
  const perPage = Number(ctx.query.per_page ?? 30);
  const page = Number(ctx.query.page ?? 1);
  const pageRuns = runs.slice((page - 1) * perPage, page * perPage);
  return {
    status: 200,
    body: { total_count: runs.length, check_runs: pageRuns.map((r) => checkRunBody(ctx, repo, r)) },
  };
};
