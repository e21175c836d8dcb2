import { randomBytes } from 'node:crypto';
import type { CiRunResult } from '../workflows/ci-run.messages';
import { seedFromWebhookPayload } from '../test/fakes/github';
import type { RecordedRequest as GitHubRequest } from '../test/fakes/github';
import type { RecordedRequest as KubeRequest } from '../test/fakes/kube/fake-kube';
import { buildAndTest } from '../test/e2e/pipelines';
import { webhookSecret, type Stack } from '../test/e2e/stack';
import { examplePayload, postDelivery, signedDelivery } from '../test/support/webhook-delivery';
import { runPool } from './stats';
import type { WorkflowAddedClock } from './workflow-added-clock';

export interface KubeCiRunSample {
  workflowId: string;
  /** POST /webhooks/github sent → 202 read */
  webhookResponseMs: number;
  /** POST sent → the fake API server committed the Argo Workflow */
  toWorkflowAddedMs: number;
  /** POST sent → the Temporal run returned its result (check run concluded) */
  toCompletedMs: number;
  /** only when runs do not overlap: exactly this run's requests */
  github?: GitHubRequest[];
  /** this run's GitHub requests made before its Argo Workflow existed (the webhook → Workflow critical path) */
  githubBeforeAdded?: number;
  kube?: KubeRequest[];
}

let suiteCounter = 0;

/**
 * `--path-filter`: the pipeline carries `onPathChange: README.md` and each push changes README.md on top of a
 * parent commit (the suite's `before`), so every run reads its changed files (one compare request) and runs.
 */
export const benchOptions = { pathFilter: false };
const pathFiltered = buildAndTest.replace(
  '  annotations:\n',
  "  annotations:\n    kube-ci.qutics.com/onPathChange: 'README.md'\n",
);

/**
 * A check_suite.requested delivery for a fresh commit on its own branch: a fresh suite id and sha make it
 * a new run, and its own branch keeps concurrent runs from superseding (cancelling) each other.
 */
export async function prepareDelivery(stack: Stack) {
  const n = suiteCounter++;
  const payload = examplePayload('check_suite', 'requested');
  payload['check_suite'].id = 7_000_000 + n;
  payload['check_suite'].head_sha = randomBytes(20).toString('hex');
  payload['check_suite'].head_branch = `bench-${n}`;
  const ciYaml = benchOptions.pathFilter ? pathFiltered : buildAndTest;
  if (benchOptions.pathFilter) {
    seedFromWebhookPayload(stack.github, payload, { '.kube-ci/ci.yaml': ciYaml });
    payload['check_suite'].before = payload['check_suite'].head_sha;
    payload['check_suite'].head_sha = randomBytes(20).toString('hex');
  }
  seedFromWebhookPayload(stack.github, payload, { '.kube-ci/ci.yaml': ciYaml, 'README.md': '# bench' });
  const delivery = await signedDelivery(webhookSecret, 'check_suite', payload);
  return { delivery, sha: payload['check_suite'].head_sha as string };
}

/** One run through the whole path: signed webhook → API → Temporal → worker → GitHub and Kubernetes. */
async function oneRun(stack: Stack, clock: WorkflowAddedClock, isolated: boolean): Promise<KubeCiRunSample> {
  const { delivery, sha } = await prepareDelivery(stack);
  const added = clock.added(sha);
  const githubFrom = stack.github.requests.length;
  const kubeFrom = stack.kube.requests.length;
  let githubAtAdded = 0;
  void added.then(
    () => (githubAtAdded = stack.github.requests.length),
    () => undefined,
  );

  const sentAt = performance.now();
  const res = await postDelivery(stack.apiUrl, delivery);
  const answeredAt = performance.now();
  if (res.status !== 202) throw new Error(`webhook answered ${res.status}: ${res.body}`);
  const { workflowId } = JSON.parse(res.body) as { workflowId: string };
  const { atMs } = await added;
  const result = (await stack.client.workflow.getHandle(workflowId).result()) as CiRunResult;
  const completedAt = performance.now();
  if (result.outcome !== 'success')
    throw new Error(`run ${workflowId} ended ${result.outcome}: ${result.reason ?? ''}`);

  const sample: KubeCiRunSample = {
    workflowId,
    webhookResponseMs: answeredAt - sentAt,
    toWorkflowAddedMs: atMs - sentAt,
    toCompletedMs: completedAt - sentAt,
  };
  if (isolated) {
    sample.github = stack.github.requests.slice(githubFrom);
    sample.githubBeforeAdded = githubAtAdded - githubFrom;
    sample.kube = stack.kube.requests.slice(kubeFrom);
  }
  return sample;
}

export interface KubeCiPhase {
  samples: KubeCiRunSample[];
  wallClockMs: number;
  /** every GitHub / Kubernetes request made while the phase ran (all its runs) */
  github: GitHubRequest[];
  kube: KubeRequest[];
}

/** `runs` runs with at most `concurrency` in flight; with 1 each run's requests are its own. */
export async function runKubeCiPhase(
  stack: Stack,
  clock: WorkflowAddedClock,
  runs: number,
  concurrency: number,
): Promise<KubeCiPhase> {
  const githubFrom = stack.github.requests.length;
  const kubeFrom = stack.kube.requests.length;
  const startedAt = performance.now();
  const samples = await runPool(runs, concurrency, () => oneRun(stack, clock, concurrency === 1));
  return {
    samples,
    wallClockMs: performance.now() - startedAt,
    github: stack.github.requests.slice(githubFrom),
    kube: stack.kube.requests.slice(kubeFrom),
  };
}
