/**
 * Sends one sample CI run to a running `npm run dev` playground (stand-in mode) and follows it to the end:
 * seeds the stand-in GitHub with a commit holding a small `.kube-ci/ci.yaml`, delivers GitHub's own
 * check_suite.requested example payload signed like GitHub signs it, then prints the check run's status
 * transitions and the run's address in the Temporal Web UI. Each invocation is a new run (new commit).
 *
 *   npx tsx scripts/send-sample-webhook.ts [--pipeline FILE] [--data-dir DIR] [--api URL] [--github URL] [--secret S] [--temporal-ui URL]
 *
 * `--pipeline FILE` commits that file as `.kube-ci/ci.yaml` (or as `ci.star` when it ends in `.star`) instead of
 * the sample: e.g. a pipeline the workflow policy refuses, to see the check run that says why.
 *
 * Defaults come from the playground's `<data dir>/playground.json` (data dir: KUBECI_DEV_DATA_DIR or .data);
 * KUBECI_DEV_API_URL, KUBECI_DEV_GITHUB_URL, KUBECI_DEV_WEBHOOK_SECRET and KUBECI_DEV_TEMPORAL_UI override it.
 * Exits 0 when the run concludes `success`.
 */
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { dataDirFrom, readPlaygroundState } from '../dev/playground-state';
import { examplePayload, postDelivery, signedDelivery } from '../test/support/webhook-delivery';

/** A small steps workflow: two steps, one after the other, so the check run has something to show. */
const samplePipeline = `apiVersion: argoproj.io/v1alpha1
kind: Workflow
metadata:
  generateName: hello-
  annotations:
    kube-ci.qutics.com/runForBranch: "true"
spec:
  entrypoint: hello
  templates:
    - name: hello
      steps:
        - - name: build
            template: build
        - - name: test
            template: test
    - name: build
      container:
        image: alpine:3.20
        command: [sh, -c, "echo building {{workflow.parameters.repoName}} at {{workflow.parameters.revision}}"]
    - name: test
      container:
        image: alpine:3.20
        command: [sh, -c, "echo all tests passed"]
`;

const { values: flags } = parseArgs({
  options: {
    'data-dir': { type: 'string' },
    api: { type: 'string' },
    github: { type: 'string' },
    secret: { type: 'string' },
    'temporal-ui': { type: 'string' },
    pipeline: { type: 'string' },
    timeout: { type: 'string', default: '120' },
  },
});
const env = process.env;
const dataDir = flags['data-dir'] ?? dataDirFrom(env);
const state = readPlaygroundState(dataDir);
const pick = (flag: string | undefined, envName: string, fromState: string | undefined, what: string): string => {
  const value = flag ?? env[envName] ?? fromState;
  if (!value)
    fail(
      `no ${what}: start the playground with \`npm run dev\` (it writes ${dataDir}/playground.json) or pass it as a flag`,
    );
  return value;
};
const apiUrl = pick(flags.api, 'KUBECI_DEV_API_URL', state?.apiUrl, 'API URL');
const githubUrl = pick(flags.github, 'KUBECI_DEV_GITHUB_URL', state?.githubUrl, 'stand-in GitHub URL');
const secret = pick(flags.secret, 'KUBECI_DEV_WEBHOOK_SECRET', state?.webhookSecret, 'webhook secret');
const temporalUi = pick(flags['temporal-ui'], 'KUBECI_DEV_TEMPORAL_UI', state?.temporalUiUrl, 'Temporal Web UI URL');
const namespace = state?.temporalNamespace ?? 'default';

function fail(message: string): never {
  process.stderr.write(`send-sample-webhook: ${message}\n`);
  process.exit(1);
}

async function call(url: string, init?: RequestInit): Promise<unknown> {
  const res = await fetch(url, init).catch((error: unknown) =>
    fail(`${url}: ${String(error)} (is the playground running?)`),
  );
  if (!res.ok) fail(`${init?.method ?? 'GET'} ${url} → ${res.status} ${await res.text()}`);
  return res.json();
}

// A new commit and check suite each time: the same suite again would (rightly) find the run it started.
const payload = examplePayload('check_suite', 'requested');
payload['check_suite'].id = Date.now();
payload['check_suite'].head_sha = randomBytes(20).toString('hex');
const sha = payload['check_suite'].head_sha as string;
const repo = payload['repository'].full_name as string;

const pipelineFile = `.kube-ci/${flags.pipeline?.endsWith('.star') ? 'ci.star' : 'ci.yaml'}`;
const pipelineText = flags.pipeline ? readFileSync(flags.pipeline, 'utf8') : samplePipeline;
await call(`${githubUrl}/_fake/seed`, {
  method: 'POST',
  headers: { 'content-type': 'application/json' },
  body: JSON.stringify({ payload, files: { [pipelineFile]: pipelineText, 'README.md': '# Hello World\n' } }),
});
console.log(
  `stand-in GitHub: ${repo} now has commit ${sha.slice(0, 7)} on ${payload['check_suite'].head_branch} with ${pipelineFile}`,
);

const webhookUrl = `${apiUrl}/webhooks/github`;
const answer = await postDelivery(apiUrl, await signedDelivery(secret, 'check_suite', payload)).catch(
  (error: unknown) => fail(`${webhookUrl}: ${String(error)}`),
);
console.log(`POST ${webhookUrl} (check_suite.requested) → ${answer.status} ${answer.body.trim()}`);
if (answer.status !== 202) fail('the API did not accept the webhook');
const { workflowId } = JSON.parse(answer.body) as { workflowId: string };
console.log(
  `Temporal Web UI: ${temporalUi}/namespaces/${encodeURIComponent(namespace)}/workflows/${encodeURIComponent(workflowId)}`,
);

interface CheckRunView {
  id: number;
  headSha: string;
  name: string;
  status: string;
  conclusion: string | null;
  statuses: string[];
  summary: string | null;
}

/** Follows the commit's check runs through the stand-in's history, so no transition is missed between polls. */
const seen = new Map<number, number>();
const deadline = Date.now() + Number(flags.timeout) * 1000;
let runs: CheckRunView[] = [];
while (Date.now() < deadline) {
  runs = ((await call(`${githubUrl}/_fake/check-runs/${repo}`)) as CheckRunView[]).filter((run) => run.headSha === sha);
  for (const run of runs) {
    const shown = seen.get(run.id) ?? 0;
    run.statuses.slice(shown).forEach((status, i) => {
      const previous = run.statuses[shown + i - 1];
      if (status === previous) return; // progress updates repeat the status
      const last = shown + i === run.statuses.length - 1;
      const detail = status === 'completed' && last && run.conclusion ? `completed/${run.conclusion}` : status;
      console.log(`check run "${run.name}": ${detail}`);
    });
    seen.set(run.id, run.statuses.length);
  }
  if (runs.length > 0 && runs.every((run) => run.status === 'completed')) break;
  await new Promise((resolve) => setTimeout(resolve, 250));
}
if (runs.length === 0 || runs.some((run) => run.status !== 'completed'))
  fail(`the run did not finish within ${flags.timeout} s`);
const succeeded = runs.every((run) => run.conclusion === 'success');
// What GitHub shows under a check run that did not succeed: the reason, as the pipeline's author reads it.
for (const run of runs.filter((r) => r.conclusion !== 'success' && r.summary))
  console.log(`check run "${run.name}" says: ${run.summary}`);
console.log(`${succeeded ? 'done' : 'finished'}: ${runs.map((run) => `"${run.name}" ${run.conclusion}`).join(', ')}`);
console.log(`All runs of the sample repository: Temporal Web UI → Workflows → search  Repo = "${repo}"`);
process.exit(succeeded ? 0 : 1);
