import type { RecordedRequest as GitHubRequest } from '../test/fakes/github';
import type { RecordedRequest as KubeRequest } from '../test/fakes/kube/fake-kube';

/** The operation GitHub documents for an installation token: minted once, then cached by the worker. */
export const TOKEN_MINT_OPERATION = 'apps/create-installation-access-token';

export interface RequestCounts {
  total: number;
  /** installation access tokens minted (counted apart from `total`'s breakdown too) */
  tokenMints: number;
  /** `METHOD operation` → count; GitHub requests are named by their OpenAPI operationId */
  byOperation: Record<string, number>;
}

const githubKey = (r: GitHubRequest) => `${r.method} ${r.operationId ?? r.path}`;

/** Object names and namespaces vary per run: fold them so requests of all runs group together. */
const kubeKey = (r: KubeRequest) =>
  `${r.method} ${r.path.replace(/\/namespaces\/[^/]+/, '/namespaces/{ns}').replace(/(\/namespaces\/\{ns\}\/[^/]+\/)[^/]+/, '$1{name}')}${r.query['watch'] === 'true' ? ' (watch)' : ''}`;

function count<T>(requests: readonly T[], key: (r: T) => string, isMint: (r: T) => boolean): RequestCounts {
  const byOperation: Record<string, number> = {};
  for (const r of requests) byOperation[key(r)] = (byOperation[key(r)] ?? 0) + 1;
  return { total: requests.length, tokenMints: requests.filter(isMint).length, byOperation: sortByKey(byOperation) };
}

export const countGitHub = (requests: readonly GitHubRequest[]) =>
  count(requests, githubKey, (r) => r.operationId === TOKEN_MINT_OPERATION);

export const countKube = (requests: readonly KubeRequest[]) => count(requests, kubeKey, () => false);

/** The mean per run of several runs' counts, or of one phase's counts divided by its number of runs. */
export function averagePerRun(total: RequestCounts, runs: number): RequestCounts {
  const per = (n: number) => Math.round((n / runs) * 100) / 100;
  return {
    total: per(total.total),
    tokenMints: per(total.tokenMints),
    byOperation: Object.fromEntries(Object.entries(total.byOperation).map(([k, n]) => [k, per(n)])),
  };
}

function sortByKey(record: Record<string, number>): Record<string, number> {
  return Object.fromEntries(Object.entries(record).sort(([a], [b]) => a.localeCompare(b)));
}
