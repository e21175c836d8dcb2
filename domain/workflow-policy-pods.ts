import jsYaml from 'js-yaml';
import { goYamlSchema } from './go-yaml-schema';
import { refused, type FieldPath, type PolicyViolation, type WorkflowPolicy } from './workflow-policy-types';

type Obj = Record<string, unknown>;

/** How a pipeline mounts volumes of its own instead. */
export const CLAIM_HINT =
  'a run mounts only its own cache ({{workflow.parameters.cacheVolumeClaimName}}) and its volumeClaimTemplates';

/** What the pod rules need besides the policy: whether a PVC claim name is the run's own cache. */
export interface PodRuleContext {
  policy: WorkflowPolicy;
  isOwnClaim: (claimName: string) => boolean;
}

/**
 * The pod-shaped places of a Workflow spec and the rules on each: the spec itself (pod defaults), every
 * template (`spec.templates`, `spec.templateDefaults`, and inline templates of steps and DAG tasks, at any
 * depth), and the pod spec inside each `podSpecPatch`. Defensive about shapes (the schema check runs first,
 * but a rule must never throw on a value of the wrong type).
 */
export function checkPods(spec: Obj, ctx: PodRuleContext): PolicyViolation[] {
  const out: PolicyViolation[] = [];
  checkPodLevel(spec, ['spec'], ctx, out);
  const templates = spec['templates'];
  if (Array.isArray(templates)) templates.forEach((t, i) => checkTemplate(t, ['spec', 'templates', i], ctx, out));
  if (isObject(spec['templateDefaults']))
    checkTemplate(spec['templateDefaults'], ['spec', 'templateDefaults'], ctx, out);
  return out;
}

function checkTemplate(template: unknown, keys: FieldPath, ctx: PodRuleContext, out: PolicyViolation[]): void {
  if (!isObject(template)) return;
  checkPodLevel(template, keys, ctx, out);
  if (template['resource'] !== undefined && !ctx.policy.allowResourceTemplates)
    out.push(refused([...keys, 'resource'], 'allowResourceTemplates'));
  for (const name of ['container', 'script'])
    if (isObject(template[name])) checkContainer(template[name], [...keys, name], ctx, out);
  for (const name of ['sidecars', 'initContainers']) checkContainerList(template[name], [...keys, name], ctx, out);
  const containerSet = template['containerSet'];
  if (isObject(containerSet))
    checkContainerList(containerSet['containers'], [...keys, 'containerSet', 'containers'], ctx, out);

  const steps = template['steps'];
  if (Array.isArray(steps))
    steps.forEach((group, j) => {
      if (Array.isArray(group))
        group.forEach((step, k) => {
          if (isObject(step)) checkTemplate(step['inline'], [...keys, 'steps', j, k, 'inline'], ctx, out);
        });
    });
  const dag = template['dag'];
  const tasks = isObject(dag) ? dag['tasks'] : undefined;
  if (Array.isArray(tasks))
    tasks.forEach((task, k) => {
      if (isObject(task)) checkTemplate(task['inline'], [...keys, 'dag', 'tasks', k, 'inline'], ctx, out);
    });
}

/** Rules shared by the spec, templates and pod-spec patches: service accounts, host namespaces, volumes, patches. */
function checkPodLevel(pod: Obj, keys: FieldPath, ctx: PodRuleContext, out: PolicyViolation[]): void {
  const { policy } = ctx;
  // `serviceAccount` is the deprecated alias Kubernetes still honours in a pod spec (podSpecPatch)
  for (const name of ['serviceAccountName', 'serviceAccount'])
    checkServiceAccount(pod[name], [...keys, name], ctx, out);
  const executor = pod['executor'];
  if (isObject(executor))
    checkServiceAccount(executor['serviceAccountName'], [...keys, 'executor', 'serviceAccountName'], ctx, out);
  if (pod['automountServiceAccountToken'] === true && !policy.allowServiceAccountToken)
    out.push(refused([...keys, 'automountServiceAccountToken'], 'allowServiceAccountToken'));
  for (const name of ['hostNetwork', 'hostPID', 'hostIPC'])
    if (pod[name] === true && !policy.allowHostNamespaces) out.push(refused([...keys, name], 'allowHostNamespaces'));

  const volumes = pod['volumes'];
  if (Array.isArray(volumes)) volumes.forEach((v, i) => checkVolume(v, [...keys, 'volumes', i], ctx, out));
  if (pod['podSpecPatch'] !== undefined) checkPodSpecPatch(pod['podSpecPatch'], [...keys, 'podSpecPatch'], ctx, out);
}

function checkServiceAccount(name: unknown, keys: FieldPath, ctx: PodRuleContext, out: PolicyViolation[]): void {
  if (typeof name !== 'string' || name === '') return;
  const allowed = ctx.policy.serviceAccounts;
  if (!allowed.includes('*') && !allowed.includes(name))
    out.push(refused(keys, 'serviceAccounts', { value: JSON.stringify(name) }));
}

function checkVolume(volume: unknown, keys: FieldPath, ctx: PodRuleContext, out: PolicyViolation[]): void {
  if (!isObject(volume)) return;
  if (volume['hostPath'] !== undefined && !ctx.policy.allowHostPath)
    out.push(refused([...keys, 'hostPath'], 'allowHostPath'));
  const claim = volume['persistentVolumeClaim'];
  if (!isObject(claim) || ctx.policy.allowOtherClaims) return;
  const claimName = claim['claimName'];
  if (typeof claimName !== 'string' || !ctx.isOwnClaim(claimName))
    out.push(
      refused([...keys, 'persistentVolumeClaim', 'claimName'], 'allowOtherClaims', {
        value: JSON.stringify(claimName),
        hint: CLAIM_HINT,
      }),
    );
}

function checkContainerList(list: unknown, keys: FieldPath, ctx: PodRuleContext, out: PolicyViolation[]): void {
  if (Array.isArray(list)) list.forEach((c, i) => checkContainer(c, [...keys, i], ctx, out));
}

function checkContainer(container: unknown, keys: FieldPath, ctx: PodRuleContext, out: PolicyViolation[]): void {
  if (!isObject(container)) return;
  const security = container['securityContext'];
  if (!isObject(security)) return;
  const at = [...keys, 'securityContext'];
  if (!ctx.policy.allowPrivileged) {
    if (security['privileged'] === true) out.push(refused([...at, 'privileged'], 'allowPrivileged'));
    if (security['allowPrivilegeEscalation'] === true)
      out.push(refused([...at, 'allowPrivilegeEscalation'], 'allowPrivileged'));
  }
  const capabilities = security['capabilities'];
  const add = isObject(capabilities) ? capabilities['add'] : undefined;
  if (Array.isArray(add) && add.length > 0 && !ctx.policy.allowCapabilities)
    out.push(refused([...at, 'capabilities', 'add'], 'allowCapabilities', { value: add.map(String).join(', ') }));
}

/**
 * A `podSpecPatch` is merged into the pod as is, so it could undo every other rule: it is refused unless
 * allowed, and what it says as written is checked either way (Argo reads it as YAML or JSON). Argo
 * expressions inside it (`{{inputs.parameters.resources}}`) are resolved only when the pod is made and
 * cannot be checked here: allowing podSpecPatch trusts them (README, Security model).
 */
function checkPodSpecPatch(patch: unknown, keys: FieldPath, ctx: PodRuleContext, out: PolicyViolation[]): void {
  if (!ctx.policy.allowPodSpecPatch) out.push(refused(keys, 'allowPodSpecPatch'));
  const pod = typeof patch === 'string' ? readPatch(patch) : undefined;
  if (!isObject(pod)) return;
  checkPodLevel(pod, keys, ctx, out);
  for (const name of ['containers', 'initContainers', 'ephemeralContainers'])
    checkContainerList(pod[name], [...keys, name], ctx, out);
}

function readPatch(patch: string): unknown {
  try {
    return jsYaml.load(patch, { schema: goYamlSchema, json: true });
  } catch {
    return undefined; // an expression Argo fills in later; nothing readable to check
  }
}

export function isObject(v: unknown): v is Obj {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
