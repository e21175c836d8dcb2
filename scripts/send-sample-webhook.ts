/**
 * Sends one sample CI run to a running `npm run dev` playground (stand-in mode) and follows it to the end:
 * seeds the stand-in GitHub with a commit holding a small `.kube-ci/ci.yaml`, delivers GitHub's own
 * check_suite.requested example payload signed like GitHub signs it, then prints the check run's status
 * transitions and the run's address in the Temporal Web UI. Each invocation is a new run (new commit).
 *
 *   npx tsx scripts/send-sample-webhook.ts [--pipeline FILE] [--branch B] [--data-dir DIR] [--api URL] [--github URL] [--secret S] [--temporal-ui URL]
 *
 * `--branch B` commits on branch B instead of the sample's default branch (manual steps are never offered on the
 * default branch). `--pipeline FILE` commits that file as `.kube-ci/ci.yaml` (or as `ci.star` when it ends in `.star`) instead of
 * the sample: e.g. a pipeline the workflow policy refuses, to see the check run that says why.
 *
 * Defaults come from the playground's `<data dir>/playground.json` (data dir: KUBECI_DEV_DATA_DIR or .data);
 * KUBECI_DEV_API_URL, KUBECI_DEV_GITHUB_URL, KUBECI_DEV_WEBHOOK_SECRET and KUBECI_DEV_TEMPORAL_UI override it.
 * Exits 0 when the run concludes `success`. A pipeline with manual steps (`kube-ci.qutics.com/manualTemplates`) on
 * a branch other than the default one shows them as check runs; press their buttons with scripts/press-button.ts.
 */
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { examplePayload, postDelivery, signedDelivery } from '../test/support/webhook-delivery';
import { call, connectPlayground, fail, followCheckRuns } from './playground-client';

const SCRIPT = 'send-sample-webhook';

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

const playground = connectPlayground(SCRIPT, { pipeline: { type: 'string' }, branch: { type: 'string' } });
const { apiUrl, githubUrl, secret, temporalUi, namespace } = playground;
const flags = playground.flags as { pipeline?: string; branch?: string; timeout: string };

// A new commit and check suite each time: the same suite again would (rightly) find the run it started.
const payload = examplePayload('check_suite', 'requested');
payload['check_suite'].id = Date.now();
payload['check_suite'].head_sha = randomBytes(20).toString('hex');
if (flags.branch) payload['check_suite'].head_branch = flags.branch;
const branch = payload['check_suite'].head_branch as string;
const sha = payload['check_suite'].head_sha as string;
const repo = payload['repository'].full_name as string;

const pipelineFile = `.kube-ci/${flags.pipeline?.endsWith('.star') ? 'ci.star' : 'ci.yaml'}`;
const pipelineText = flags.pipeline ? readFileSync(flags.pipeline, 'utf8') : samplePipeline;
await call(SCRIPT, `${githubUrl}/_fake/seed`, {
  method: 'POST',
  headers: { 'content-type': 'application/json' },
  body: JSON.stringify({ payload, files: { [pipelineFile]: pipelineText, 'README.md': '# Hello World\n' } }),
});
console.log(
  `stand-in GitHub: ${repo} now has commit ${sha.slice(0, 7)} on ${payload['check_suite'].head_branch} with ${pipelineFile}`,
);

const webhookUrl = `${apiUrl}/webhooks/github`;
const answer = await postDelivery(apiUrl, await signedDelivery(secret, 'check_suite', payload)).catch(
  (error: unknown) => fail(SCRIPT, `${webhookUrl}: ${String(error)}`),
);
console.log(`POST ${webhookUrl} (check_suite.requested) → ${answer.status} ${answer.body.trim()}`);
if (answer.status !== 202) fail(SCRIPT, 'the API did not accept the webhook');
const { workflowId } = JSON.parse(answer.body) as { workflowId: string };
console.log(
  `Temporal Web UI: ${temporalUi}/namespaces/${encodeURIComponent(namespace)}/workflows/${encodeURIComponent(workflowId)}`,
);

// Manual steps are offered just before the run's check run concludes: wait a moment for all of them.
const runs = await followCheckRuns(SCRIPT, playground, repo, sha, { timeoutS: Number(flags.timeout), settleMs: 1_000 });
const manual = runs.filter((run) => run.summary?.startsWith('Use the button above'));
const results = runs.filter((run) => !manual.includes(run));
const succeeded = results.every((run) => run.conclusion === 'success');
// What GitHub shows under a check run that did not succeed: the reason, as the pipeline's author reads it.
for (const run of results.filter((r) => r.conclusion !== 'success' && r.summary))
  console.log(`check run "${run.name}" says: ${run.summary}`);
console.log(
  `${succeeded ? 'done' : 'finished'}: ${results.map((run) => `"${run.name}" ${run.conclusion}`).join(', ')}`,
);
for (const step of manual)
  console.log(
    `manual step "${step.name}" (${step.conclusion}): npx tsx scripts/press-button.ts --sha ${sha} --branch ${branch} --check-run "${step.name}" --action run   (or skip)`,
  );
console.log(`All runs of the sample repository: Temporal Web UI → Workflows → search  Repo = "${repo}"`);
process.exit(succeeded ? 0 : 1);
