import { at, idAt, numberAt, stringAt } from './payload-fields';
import type { RefType } from './types';
import type { WebhookDecision } from './webhook-event';
import { baseTrigger, MAX_ENTRYPOINT } from './webhook-trigger';

/** GitHub caps environment names at 255 characters; a longer one is no GitHub delivery. */
const MAX_ENVIRONMENT = 255;
const NOT_RUN = 'Ignored, set kube-ci.run to launch a CI task';

/**
 * `webhook.go: webhookDeployment` (SPEC B 4.9): a `deployment` whose payload is `{"kube_ci": {"run": true}}`
 * runs the template `deployment.task` at `deployment.sha`, with `deployment.environment` in its
 * `environmentParameter` input, and reports to that deployment (`CiTrigger.deployment`, G10). Run key
 * `deployment-<id>`: a redelivery finds the run that exists.
 *
 * Differences from the original (G54):
 * - A payload that is not JSON, or whose `kube_ci` is not an object, is ignored with a reason that says
 *   so (the original ignored parse errors silently).
 * - A deployment made by this App itself is ignored whatever its payload: those are the deployments kube-ci
 *   creates to track deploy nodes (their payload says `run: false` anyway), and running one would loop.
 * - Deployments made by other Apps or by people are **not** filtered: creating a deployment needs write
 *   access to the repository (Deployments: write), the same trust as pushing the commit CI builds, and
 *   `kube_ci.run: true` is an explicit opt-in. A deploy bot or ChatOps App is the common creator.
 * - An unknown `ref_type` is ignored (200) with the original's text instead of a 400.
 * Never throws.
 */
export function deploymentEvent(
  payload: unknown,
  { deliveryId, appId }: { deliveryId: string; appId: number },
): WebhookDecision {
  const action = stringAt(payload, 'action');
  if (action !== undefined && action !== 'created')
    return { kind: 'ignored', reason: 'only a created deployment starts a run' };
  const deployment = at(payload, 'deployment');
  if (numberAt(deployment, 'performed_via_github_app', 'id') === appId)
    return { kind: 'ignored', reason: 'deployment created by kube-ci itself' };
  const kubeCi = kubeCiPayload(at(deployment, 'payload'));
  if (typeof kubeCi === 'string') return { kind: 'ignored', reason: kubeCi };
  if (at(kubeCi, 'run') !== true) return { kind: 'ignored', reason: NOT_RUN };
  const refType = refTypeOf(at(kubeCi, 'ref_type'));
  if (refType === undefined) return { kind: 'ignored', reason: 'ignored, ref_type must be branch or tag' };

  const id = idAt(deployment, 'id');
  const task = stringAt(deployment, 'task') ?? '';
  const environment = stringAt(deployment, 'environment') ?? '';
  if (id === undefined) return { kind: 'ignored', reason: 'payload has no deployment id' };
  if (task === '') return { kind: 'ignored', reason: 'deployment has no task (the template to run)' };
  if (task.length > MAX_ENTRYPOINT)
    return { kind: 'ignored', reason: `deployment task is over ${MAX_ENTRYPOINT} characters` };
  if (environment.length > MAX_ENVIRONMENT)
    return { kind: 'ignored', reason: `deployment environment is over ${MAX_ENVIRONMENT} characters` };
  const trigger = baseTrigger(payload, deliveryId, {
    source: 'deployment',
    sha: stringAt(deployment, 'sha'),
    branch: stringAt(deployment, 'ref'),
    entrypoint: task,
    pullRequests: [],
  });
  if (typeof trigger === 'string') return { kind: 'ignored', reason: trigger };
  trigger.refType = refType;
  trigger.deployment = { id, task, environment };
  return { kind: 'start-run', trigger, runKey: `deployment-${id}` };
}

/** `deployment.payload.kube_ci` as an object, or why it is not one. GitHub stores a string payload as given. */
function kubeCiPayload(payload: unknown): Record<string, unknown> | string {
  let value = payload;
  if (typeof value === 'string') {
    if (value.trim() === '') return NOT_RUN;
    try {
      value = JSON.parse(value) as unknown;
    } catch {
      // the parser's message quotes the payload: the reply says what is wrong, not what was sent
      return 'deployment payload is a string that is not JSON';
    }
  }
  const kubeCi = at(value, 'kube_ci');
  if (kubeCi === undefined || kubeCi === null) return NOT_RUN;
  if (typeof kubeCi !== 'object' || Array.isArray(kubeCi)) return 'deployment payload kube_ci is not an object';
  return kubeCi as Record<string, unknown>;
}

/** `kube_ci.ref_type`: missing or '' is a branch, as in the original. */
function refTypeOf(value: unknown): RefType | undefined {
  if (value === undefined || value === null || value === '' || value === 'branch') return 'branch';
  if (value === 'tag') return 'tag';
  return undefined;
}
