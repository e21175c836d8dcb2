import { ApplicationFailure } from '@temporalio/common';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createKubeGateway } from '../../../activities/kubernetes/client-gateway';
import type { KubeGateway } from '../../../activities/kubernetes/gateway';
import { kubeConfigFromYaml } from '../../../activities/kubernetes/kube-config';
import { Failure } from '../../../domain/failures';
import { shippedRbac, type RbacDocument } from '../../support/real-kube/bootstrap';
import { expectOk, resourcePath } from '../../support/real-kube/http';
import { deliverCheckSuite, owner, repo } from '../deliveries';
import { buildAndTest } from '../pipelines';
import { startStack, type Stack } from '../stack';

type Rule = NonNullable<RbacDocument['rules']>[number];
const shippedRole = shippedRbac().find((doc) => doc.kind === 'Role')!;
const ruleKey = (resource: string, verb: string) => `${resource} ${verb}`;
let counter = 0;
const workflow = () => ({
  apiVersion: 'argoproj.io/v1alpha1',
  kind: 'Workflow',
  metadata: { name: `rbac-${counter++}`, labels: { rbac: 'probe' } },
  spec: { entrypoint: 'main', templates: [{ name: 'main', container: { image: 'busybox' } }] },
});

/** Watching: still running after a second means the watch was let in. */
async function watchFor1s(gateway: KubeGateway): Promise<void> {
  const abort = new AbortController();
  const watching = gateway.watchWorkflows('argo', 'rbac=probe', () => undefined, abort.signal);
  const timer = setTimeout(() => abort.abort(), 1_000);
  try {
    await watching;
  } finally {
    clearTimeout(timer);
  }
}

/** Every (resource, verb) of the shipped Role, and the gateway call that needs it (absent objects: 404 ≠ 403). */
const calls: Record<string, (gateway: KubeGateway) => Promise<unknown>> = {
  [ruleKey('workflows', 'create')]: (g) => g.createWorkflow('argo', workflow()),
  [ruleKey('workflows', 'get')]: (g) => g.getWorkflow('argo', 'absent'),
  [ruleKey('workflows', 'list')]: (g) => g.listWorkflows('argo', 'rbac=probe'),
  [ruleKey('workflows', 'watch')]: watchFor1s,
  [ruleKey('workflows', 'patch')]: (g) => g.patchWorkflow('argo', 'absent', { spec: { activeDeadlineSeconds: 0 } }),
  [ruleKey('persistentvolumeclaims', 'get')]: (g) => g.persistentVolumeClaimExists('argo', 'absent'),
  [ruleKey('persistentvolumeclaims', 'create')]: (g) =>
    g.ensurePersistentVolumeClaim({
      name: `rbac-${counter++}`,
      namespace: 'argo',
      labels: {},
      annotations: {},
      storage: '1Gi',
    }),
  [ruleKey('persistentvolumeclaims', 'list')]: (g) => g.listPersistentVolumeClaims('argo', 'rbac=probe'),
  [ruleKey('persistentvolumeclaims', 'delete')]: (g) => g.deletePersistentVolumeClaim('argo', 'absent'),
  [ruleKey('pods/log', 'get')]: (g) => g.readPodLog('argo', 'absent', 'main'),
};

/**
 * Real tier only: the worker's token is bound by deploy/rbac.yaml alone (a static token whose user is the
 * ServiceAccount kube-ci/kube-ci-worker, so the shipped RoleBinding applies), and the real RBAC authorizer
 * decides. Each rule is taken out of the Role in turn: the call that needs it must then get 403
 * (KubernetesPermissionDenied), and once, a whole run must then fail.
 */
describe('the shipped RBAC on a real kube-apiserver', () => {
  let stack: Stack;
  let gateway: KubeGateway;
  beforeAll(async () => {
    stack = await startStack();
    gateway = createKubeGateway(kubeConfigFromYaml(stack.kube.kubeConfigYaml('argo')));
  }, 120_000);
  afterAll(async () => {
    await stack?.close();
  });

  const setRules = async (rules: Rule[]) => {
    const admin = stack.real!.admin;
    const path = resourcePath('roles', 'argo', shippedRole.metadata.name);
    const role = (await expectOk(admin('GET', path), 'get role')) as RbacDocument;
    await expectOk(admin('PUT', path, { ...role, rules }), 'update role');
  };
  const without = (resource: string, verb: string): Rule[] =>
    shippedRole
      .rules!.map((rule) =>
        rule.resources.includes(resource) ? { ...rule, verbs: rule.verbs.filter((v) => v !== verb) } : rule,
      )
      .filter((rule) => rule.verbs.length > 0);
  /** the authorizer sees Role changes through an informer: wait until `call` settles as expected */
  const eventually = async (expectation: () => Promise<void>) => {
    const deadline = Date.now() + 10_000;
    for (;;) {
      try {
        return await expectation();
      } catch (error) {
        if (Date.now() > deadline) throw error;
        await new Promise((r) => setTimeout(r, 200));
      }
    }
  };
  const denied = async (call: () => Promise<unknown>) => {
    const error = await call().then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(ApplicationFailure);
    expect((error as ApplicationFailure).type).toBe(Failure.KubernetesPermissionDenied);
    expect((error as ApplicationFailure).message).toMatch(/Kubernetes answered 403/);
  };

  it('has a call for every rule of the shipped Role, and no call for a rule it lacks', () => {
    const shipped = shippedRole.rules!.flatMap((rule) =>
      rule.resources.flatMap((r) => rule.verbs.map((v) => ruleKey(r, v))),
    );
    expect(Object.keys(calls).sort()).toEqual(shipped.sort());
  });

  it.each(Object.keys(calls))('needs "%s": allowed as shipped, 403 without that rule', async (key) => {
    const [resource, verb] = key.split(' ') as [string, string];
    const call = () => calls[key]!(gateway);
    await expect(call()).resolves.not.toThrow();
    await setRules(without(resource, verb));
    try {
      await eventually(() => denied(call));
    } finally {
      await setRules(shippedRole.rules!);
    }
    await eventually(async () => void (await call()));
  });

  // (not `watch`: without it a run still succeeds, its follow falling back to re-reads by get)
  it('fails a whole run when one rule is missing (create on workflows), and runs it once the rule is back', async () => {
    await setRules(without('workflows', 'create'));
    try {
      await eventually(() => denied(() => gateway.createWorkflow('argo', workflow())));
      const { handle, sha } = await deliverCheckSuite(stack, { '.kube-ci/ci.yaml': buildAndTest });
      // the submit's 403 is a non-retryable KubernetesPermissionDenied: the run fails with it
      const failure = await handle.result().then(
        () => undefined,
        (error: unknown) => error,
      );
      expect(failure).toBeDefined();
      let cause = failure as { cause?: unknown; message?: string } | undefined;
      const messages: string[] = [];
      for (; cause; cause = cause.cause as typeof cause) messages.push(cause.message ?? '');
      expect(messages.join('\n')).toMatch(/Kubernetes answered 403: .*cannot create resource "workflows"/);
      const checkRun = stack.github.checkRuns(owner, repo).find((c) => c.headSha === sha)!;
      expect(checkRun.fields).toMatchObject({ status: 'completed', conclusion: 'failure' });
    } finally {
      await setRules(shippedRole.rules!);
    }
    await eventually(async () => void (await gateway.createWorkflow('argo', workflow())));
    const { handle } = await deliverCheckSuite(stack, { '.kube-ci/ci.yaml': buildAndTest });
    expect(await handle.result()).toMatchObject({ outcome: 'success' });
  }, 90_000);
});
