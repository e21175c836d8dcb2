/** GitHub API metrics, counted by an Octokit plugin on every request the worker's gateway makes. */
import { Counter, Gauge } from 'prom-client';
import { registry } from './registry';

export const githubRequestsTotal = new Counter({
  name: 'kubeci_github_requests_total',
  help: 'GitHub API requests, by operation (method and route template) and HTTP status (error: no response)',
  labelNames: ['operation', 'status'] as const,
  registers: [registry],
});

export const githubRateLimitRemaining = new Gauge({
  name: 'kubeci_github_rate_limit_remaining',
  help: "Requests left in the current GitHub rate-limit window (x-ratelimit-remaining of the latest response), by installation id (app: the App's own JWT calls)",
  labelNames: ['installation'] as const,
  registers: [registry],
});

interface RequestOptions {
  method?: string;
  url?: string;
}

interface ResponseLike {
  status?: number;
  headers?: Record<string, unknown>;
}

/**
 * `PATCH /repos/{owner}/{repo}/check-runs/{check_run_id}`: Octokit's route template, so owners and ids add no
 * series. Later pages of a paginated list come as absolute URLs; they are one operation, `GET (next page)`.
 */
export function githubOperation(options: RequestOptions): string {
  const method = options.method ?? 'GET';
  const url = options.url ?? '';
  return /^https?:/.test(url) ? `${method} (next page)` : `${method} ${url}`;
}

/** Who the request's rate limit belongs to: the App itself for its JWT calls (`/app/…`), else the installation. */
export function rateLimitOwner(options: RequestOptions, installationId: number | undefined): string {
  if ((options.url ?? '').startsWith('/app') || installationId === undefined) return 'app';
  return String(installationId);
}

/** Counts one request and, when GitHub sent it, records the remaining rate limit of its owner. */
export function recordGitHubRequest(
  options: RequestOptions,
  installationId: number | undefined,
  response?: ResponseLike,
) {
  githubRequestsTotal.inc({ operation: githubOperation(options), status: String(response?.status ?? 'error') });
  const remaining = Number(response?.headers?.['x-ratelimit-remaining']);
  if (response?.headers?.['x-ratelimit-remaining'] !== undefined && Number.isFinite(remaining))
    githubRateLimitRemaining.set({ installation: rateLimitOwner(options, installationId) }, remaining);
}
