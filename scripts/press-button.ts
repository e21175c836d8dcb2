/**
 * Presses a button on a check run in a running `npm run dev` playground (stand-in mode), as a person would on
 * GitHub: finds the check run on the stand-in GitHub, delivers GitHub's own `check_run.requested_action` example
 * payload for it, signed like GitHub signs it, and follows the commit's check runs until they settle.
 *
 *   npx tsx scripts/press-button.ts --check-run NAME [--action run|skip|clearCache|clearCacheBranch] [--sha SHA]
 *                                   [--branch B] [--sender LOGIN]
 *
 * `--sha` defaults to the newest commit with a check run of that name; `--branch` to the sample's branch
 * (scripts/send-sample-webhook.ts commits on it). E.g. after sending a pipeline with manual steps:
 *   npx tsx scripts/press-button.ts --check-run "Workflow - release" --action run
 */
import { checkRunPressPayload, type ButtonIdentifier } from '../test/support/check-run-press';
import { examplePayload, postDelivery, signedDelivery } from '../test/support/webhook-delivery';
import { checkRunsOf, call, connectPlayground, fail, followCheckRuns, type CheckRunView } from './playground-client';

const SCRIPT = 'press-button';
const ACTIONS: readonly ButtonIdentifier[] = ['run', 'skip', 'clearCache', 'clearCacheBranch'];

const playground = connectPlayground(SCRIPT, {
  'check-run': { type: 'string' },
  action: { type: 'string', default: 'run' },
  sha: { type: 'string' },
  branch: { type: 'string' },
  sender: { type: 'string', default: 'octocat' },
});
const flags = playground.flags as Record<string, string | undefined> & { timeout: string };
const name = flags['check-run'] ?? fail(SCRIPT, 'give the check run to press with --check-run NAME');
const action = flags['action'] as ButtonIdentifier;
if (!ACTIONS.includes(action)) fail(SCRIPT, `--action must be one of ${ACTIONS.join(', ')}`);

// The sample's repository, installation and App, as send-sample-webhook.ts seeded them.
const suite = examplePayload('check_suite', 'requested');
const [owner, repo] = (suite['repository'].full_name as string).split('/') as [string, string];
const all = (await call(SCRIPT, `${playground.githubUrl}/_fake/check-runs/${owner}/${repo}`)) as CheckRunView[];
const named = all.filter((run) => run.name === name && (!flags['sha'] || run.headSha === flags['sha']));
// GitHub shows the newest check run of a name; a manual step's own check run is the oldest (the one with buttons).
const target = named.filter((run) => run.headSha === (flags['sha'] ?? named.at(-1)?.headSha))[0];
if (!target) fail(SCRIPT, `no check run "${name}"${flags['sha'] ? ` on ${flags['sha']}` : ''} in ${owner}/${repo}`);

const payload = checkRunPressPayload(target, action, {
  appId: suite['check_suite'].app.id,
  installationId: suite['installation'].id,
  owner,
  repo,
  branch: flags['branch'] ?? suite['check_suite'].head_branch,
  sender: flags['sender'] ?? 'octocat',
});
const seen = new Map(
  (await checkRunsOf(SCRIPT, playground, `${owner}/${repo}`, target.headSha)).map((r) => [r.id, r.statuses.length]),
);
const answer = await postDelivery(playground.apiUrl, await signedDelivery(playground.secret, 'check_run', payload));
console.log(`pressed ${action} on "${name}" (check run ${target.id}) → ${answer.status} ${answer.body.trim()}`);
if (answer.status !== 202) process.exit(1);
const runs = await followCheckRuns(SCRIPT, playground, `${owner}/${repo}`, target.headSha, {
  timeoutS: Number(flags.timeout),
  seen,
  settleMs: 1_500,
});
for (const run of runs)
  console.log(`  "${run.name}": ${run.conclusion}${run.summary ? ` — ${run.summary.split('\n')[0]}` : ''}`);
