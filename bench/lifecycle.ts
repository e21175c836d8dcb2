/**
 * What one run costs, by kind, over a whole run's life: GitHub requests, Kubernetes requests and Temporal
 * history events per run, measured on the full path (signed webhook → API → Temporal → worker → stand-ins),
 * one run at a time so every request is that run's.
 *   - `default`: a two-step pipeline, nothing after it;
 *   - `manual`: the same with two manual steps: Run pressed on one (its run counted with it), the other left
 *     until the wait (here KUBECI_MANUAL_STEP_WAIT = --wait-ms) ends the run;
 *   - `manual+deploy`: `manual` whose default run also has a deploy step (one GitHub Deployment, to staging).
 * Usage: npm run bench:lifecycle -- [--runs 100] [--wait-ms 1500]
 */
import { randomBytes } from 'node:crypto';
import { parseArgs } from 'node:util';
import { seedFromWebhookPayload } from '../test/fakes/github';
import { pressDelivery } from '../test/e2e/manual-step-press';
import { buildAndTest, withManualSteps, withManualStepsAndDeployment } from '../test/e2e/pipelines';
import { startStack, webhookSecret, type Stack } from '../test/e2e/stack';
import { examplePayload, postDelivery, signedDelivery } from '../test/support/webhook-delivery';
import type { CiRunResult } from '../workflows/ci-run.messages';
import { historyFigures } from './history';
import { summarize } from './stats';

const { values } = parseArgs({
  options: { runs: { type: 'string', default: '100' }, 'wait-ms': { type: 'string', default: '1500' } },
});
const runs = Number(values.runs);
const waitMs = Number(values['wait-ms']);

interface RunCost {
  github: number;
  kube: number;
  /** history events of the run, and of the runs it started (manual steps) */
  events: number;
  childEvents: number;
}

let n = 0;
type Kind = 'default' | 'manual' | 'manual+deploy';
const PIPELINES: Record<Kind, string> = {
  default: buildAndTest,
  manual: withManualSteps,
  'manual+deploy': withManualStepsAndDeployment,
};

async function oneRun(stack: Stack, kind: Kind): Promise<RunCost> {
  n += 1;
  const payload = examplePayload('check_suite', 'requested');
  payload['check_suite'].id = 8_000_000 + n;
  payload['check_suite'].head_sha = randomBytes(20).toString('hex');
  const branch = `lifecycle-${n}`;
  payload['check_suite'].head_branch = branch;
  seedFromWebhookPayload(stack.github, payload, { '.kube-ci/ci.yaml': PIPELINES[kind] });
  const [githubFrom, kubeFrom] = [stack.github.requests.length, stack.kube.requests.length];
  const res = await postDelivery(stack.apiUrl, await signedDelivery(webhookSecret, 'check_suite', payload));
  if (res.status !== 202) throw new Error(`webhook answered ${res.status}: ${res.body}`);
  const { workflowId } = JSON.parse(res.body) as { workflowId: string };
  const children: string[] = [];
  if (kind !== 'default') {
    const sha = payload['check_suite'].head_sha as string;
    const release = await until(() =>
      stack.github
        .checkRuns('Codertocat', 'Hello-World')
        .find((c) => c.headSha === sha && c.fields['name'] === 'Workflow - release'),
    );
    const pressed = await postDelivery(stack.apiUrl, await pressDelivery(release, 'run', branch));
    if (pressed.status !== 202) throw new Error(`press answered ${pressed.status}: ${pressed.body}`);
    children.push((JSON.parse(pressed.body) as { result: { workflowId: string } }).result.workflowId);
  }
  const result = (await stack.client.workflow.getHandle(workflowId).result()) as CiRunResult;
  const sha = payload['check_suite'].head_sha as string;
  const deployments = stack.github.deployments('Codertocat', 'Hello-World').filter((d) => d.sha === sha).length;
  if (deployments !== (kind === 'manual+deploy' ? 1 : 0))
    throw new Error(`run ${workflowId} made ${deployments} deployments`);
  for (const child of children) await stack.client.workflow.getHandle(child).result();
  if (result.outcome !== 'success') throw new Error(`run ${workflowId} ended ${result.outcome}`);
  const events = (await historyFigures(stack.client, workflowId)).events;
  let childEvents = 0;
  for (const child of children) childEvents += (await historyFigures(stack.client, child)).events;
  return {
    github: stack.github.requests.length - githubFrom,
    kube: stack.kube.requests.length - kubeFrom,
    events,
    childEvents,
  };
}

async function until<T>(probe: () => T | undefined, timeoutMs = 30_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const found = probe();
    if (found !== undefined) return found;
    if (Date.now() > deadline) throw new Error('not offered in time');
    await new Promise((r) => setTimeout(r, 20));
  }
}

const stack = await startStack({ manualStepWaitMs: waitMs });
try {
  await oneRun(stack, 'default'); // warm-up: token mints, bundle, first watch
  const rows: string[] = [];
  for (const kind of Object.keys(PIPELINES) as Kind[]) {
    process.stderr.write(`bench:lifecycle: ${runs} ${kind} runs\n`);
    const costs: RunCost[] = [];
    for (let i = 0; i < runs; i++) costs.push(await oneRun(stack, kind));
    const mean = (pick: (c: RunCost) => number) => summarize(costs.map(pick)).mean.toFixed(1);
    rows.push(
      `| ${kind} | ${runs} | ${mean((c) => c.github)} | ${mean((c) => c.kube)} | ${mean((c) => c.events)} | ${mean((c) => c.childEvents)} |`,
    );
  }
  process.stdout.write(
    [
      '',
      "## Cost per run, over its whole life (means; one run at a time, so each request is that run's)",
      '',
      '| run | runs | GitHub requests | Kubernetes requests | history events | history events of its step runs |',
      '| --- | ---: | ---: | ---: | ---: | ---: |',
      ...rows,
      '',
      `manual: two steps offered, Run pressed on one (its run's requests counted with the run), the other left until the ${waitMs} ms wait ends the run.`,
      `schema violations: GitHub ${stack.github.schemaViolations.length}, Kubernetes ${stack.kube.schemaViolations.length}`,
      '',
    ].join('\n'),
  );
} finally {
  await stack.close();
}
