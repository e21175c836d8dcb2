import { describe, expect, it } from 'vitest';
import type { ArgoWorkflow } from '../../domain/types';
import {
  checkWorkflowPolicy,
  DEFAULT_WORKFLOW_POLICY,
  ownCacheNames,
  PERMISSIVE_WORKFLOW_POLICY,
  PolicySetting,
  type WorkflowPolicy,
} from '../../domain/workflow-policy';
import { settingsWith } from './fixtures';

const P = 'kube-ci.qutics.com';
const owner = { org: 'myorg', repo: 'myrepo', branch: 'main' };
const context = { settings: settingsWith(), owner };
type Obj = Record<string, unknown>;

/** A pipeline with a steps template `main` (index 0) and a container template `work` (index 1). */
function workflow(change: (wf: { metadata: Obj; spec: Obj; t: Obj[]; root: Obj }) => void = () => {}): ArgoWorkflow {
  const t: Obj[] = [
    { name: 'main', steps: [[{ name: 'a', template: 'work' }]] },
    { name: 'work', container: { image: 'alpine' } },
  ];
  const root: Obj = {
    apiVersion: 'argoproj.io/v1alpha1',
    kind: 'Workflow',
    metadata: { generateName: 'ci-' },
    spec: { entrypoint: 'main', templates: t },
  };
  change({ metadata: root['metadata'] as Obj, spec: root['spec'] as Obj, t, root });
  return root as unknown as ArgoWorkflow;
}

const privileged = { securityContext: { privileged: true } };
const hostPathVolume = { name: 'docker', hostPath: { path: '/var/run/docker.sock' } };

interface Row {
  name: string;
  wf: ArgoWorkflow;
  /** the refused paths, each with the environment variable of its setting */
  refused: [path: string, setting: string][];
  /** a policy that allows it */
  allow: Partial<WorkflowPolicy>;
}

const S = PolicySetting;
const rows: Row[] = [
  {
    name: 'spec.serviceAccountName',
    wf: workflow(({ spec }) => (spec['serviceAccountName'] = 'admin')),
    refused: [['spec.serviceAccountName', S.serviceAccounts]],
    allow: { serviceAccounts: ['ci', 'admin'] },
  },
  {
    name: "a template's serviceAccountName",
    wf: workflow(({ t }) => (t[1]!['serviceAccountName'] = 'admin')),
    refused: [['spec.templates[1].serviceAccountName', S.serviceAccounts]],
    allow: { serviceAccounts: ['*'] },
  },
  {
    name: 'spec.executor.serviceAccountName and a template executor',
    wf: workflow(({ spec, t }) => {
      spec['executor'] = { serviceAccountName: 'exec' };
      t[1]!['executor'] = { serviceAccountName: 'exec' };
    }),
    refused: [
      ['spec.executor.serviceAccountName', S.serviceAccounts],
      ['spec.templates[1].executor.serviceAccountName', S.serviceAccounts],
    ],
    allow: { serviceAccounts: ['exec'] },
  },
  {
    name: 'automountServiceAccountToken: true',
    wf: workflow(({ spec, t }) => {
      spec['automountServiceAccountToken'] = true;
      t[1]!['automountServiceAccountToken'] = true;
    }),
    refused: [
      ['spec.automountServiceAccountToken', S.allowServiceAccountToken],
      ['spec.templates[1].automountServiceAccountToken', S.allowServiceAccountToken],
    ],
    allow: { allowServiceAccountToken: true },
  },
  {
    name: 'hostPath volumes of the spec and of a template',
    wf: workflow(({ spec, t }) => {
      spec['volumes'] = [{ name: 'ok', emptyDir: {} }, hostPathVolume];
      t[1]!['volumes'] = [hostPathVolume];
    }),
    refused: [
      ['spec.volumes[1].hostPath', S.allowHostPath],
      ['spec.templates[1].volumes[0].hostPath', S.allowHostPath],
    ],
    allow: { allowHostPath: true },
  },
  {
    name: 'hostNetwork',
    wf: workflow(({ spec }) => (spec['hostNetwork'] = true)),
    refused: [['spec.hostNetwork', S.allowHostNamespaces]],
    allow: { allowHostNamespaces: true },
  },
  {
    name: 'hostPID, hostIPC, a service account and a privileged container inside a podSpecPatch',
    wf: workflow(({ t }) => {
      t[1]!['podSpecPatch'] =
        'hostPID: true\nhostIPC: true\nserviceAccount: admin\ncontainers:\n  - name: main\n    securityContext: {privileged: true}\n';
    }),
    refused: [
      ['spec.templates[1].podSpecPatch', S.allowPodSpecPatch],
      ['spec.templates[1].podSpecPatch.serviceAccount', S.serviceAccounts],
      ['spec.templates[1].podSpecPatch.hostPID', S.allowHostNamespaces],
      ['spec.templates[1].podSpecPatch.hostIPC', S.allowHostNamespaces],
      ['spec.templates[1].podSpecPatch.containers[0].securityContext.privileged', S.allowPrivileged],
    ],
    allow: { allowPodSpecPatch: true, serviceAccounts: ['admin'], allowHostNamespaces: true, allowPrivileged: true },
  },
  {
    name: 'spec.podSpecPatch (JSON)',
    wf: workflow(({ spec }) => (spec['podSpecPatch'] = '{"containers":[{"name":"main","resources":{}}]}')),
    refused: [['spec.podSpecPatch', S.allowPodSpecPatch]],
    allow: { allowPodSpecPatch: true },
  },
  {
    name: 'privileged and privilege escalation in every kind of container',
    wf: workflow(({ t }) => {
      t[1]!['container'] = { image: 'alpine', ...privileged };
      t[1]!['sidecars'] = [{ name: 'dind', image: 'docker:dind', ...privileged }];
      t[1]!['initContainers'] = [
        { name: 'init', image: 'alpine', securityContext: { allowPrivilegeEscalation: true } },
      ];
      t.push({ name: 'script', script: { image: 'alpine', source: 'true', ...privileged } });
      t.push({ name: 'set', containerSet: { containers: [{ name: 'a' }, { name: 'b', ...privileged }] } });
    }),
    refused: [
      ['spec.templates[1].container.securityContext.privileged', S.allowPrivileged],
      ['spec.templates[1].sidecars[0].securityContext.privileged', S.allowPrivileged],
      ['spec.templates[1].initContainers[0].securityContext.allowPrivilegeEscalation', S.allowPrivileged],
      ['spec.templates[2].script.securityContext.privileged', S.allowPrivileged],
      ['spec.templates[3].containerSet.containers[1].securityContext.privileged', S.allowPrivileged],
    ],
    allow: { allowPrivileged: true },
  },
  {
    name: 'added capabilities',
    wf: workflow(({ t }) => {
      t[1]!['container'] = {
        image: 'alpine',
        securityContext: { capabilities: { add: ['SYS_ADMIN'], drop: ['ALL'] } },
      };
    }),
    refused: [['spec.templates[1].container.securityContext.capabilities.add', S.allowCapabilities]],
    allow: { allowCapabilities: true },
  },
  {
    name: 'resource templates',
    wf: workflow(({ t }) => t.push({ name: 'apply', resource: { action: 'create', manifest: 'kind: Pod' } })),
    refused: [['spec.templates[2].resource', S.allowResourceTemplates]],
    allow: { allowResourceTemplates: true },
  },
  {
    name: 'inline templates of steps and DAG tasks, and templateDefaults',
    wf: workflow(({ spec, t }) => {
      t[0]!['steps'] = [[{ name: 'a', inline: { container: { image: 'alpine', ...privileged } } }]];
      t.push({ name: 'dag', dag: { tasks: [{ name: 'b', inline: { volumes: [hostPathVolume] } }] } });
      spec['templateDefaults'] = { serviceAccountName: 'admin' };
    }),
    refused: [
      ['spec.templates[0].steps[0][0].inline.container.securityContext.privileged', S.allowPrivileged],
      ['spec.templates[2].dag.tasks[0].inline.volumes[0].hostPath', S.allowHostPath],
      ['spec.templateDefaults.serviceAccountName', S.serviceAccounts],
    ],
    allow: { allowPrivileged: true, allowHostPath: true, serviceAccounts: ['admin'] },
  },
  {
    name: 'a PVC claim that is not the run’s cache',
    wf: workflow(({ spec }) => (spec['volumes'] = [{ name: 'w', persistentVolumeClaim: { claimName: 'prod-db' } }])),
    refused: [['spec.volumes[0].persistentVolumeClaim.claimName', S.allowOtherClaims]],
    allow: { allowOtherClaims: true },
  },
  {
    name: 'a cacheVolumeClaimName parameter of its own when the run has no cache',
    wf: workflow(
      ({ spec }) => (spec['arguments'] = { parameters: [{ name: 'cacheVolumeClaimName', value: 'prod-db' }] }),
    ),
    refused: [['spec.arguments.parameters[0]', S.allowOtherClaims]],
    allow: { allowOtherClaims: true },
  },
  {
    name: "another repository's cache",
    wf: workflow(({ metadata }) => {
      metadata['annotations'] = { [`${P}/cacheName`]: ownCacheNames({ ...owner, repo: 'secrets' }).project };
    }),
    refused: [[`metadata.annotations["${P}/cacheName"]`, S.allowOtherCaches]],
    allow: { allowOtherCaches: true },
  },
];

describe('checkWorkflowPolicy', () => {
  it.each(rows)('refuses $name unless its setting allows it', ({ wf, refused, allow }) => {
    const result = checkWorkflowPolicy(wf, DEFAULT_WORKFLOW_POLICY, context);
    expect(result.ok).toBe(false);
    const violations = result.ok ? [] : result.violations;
    expect(violations.map((v) => [v.path, v.setting])).toEqual(refused);
    for (const v of violations) expect(v.message).toContain(v.path);
    for (const v of violations) expect(v.message).toContain(v.setting);
    expect(checkWorkflowPolicy(wf, { ...DEFAULT_WORKFLOW_POLICY, ...allow }, context).ok).toBe(true);
    expect(checkWorkflowPolicy(wf, PERMISSIVE_WORKFLOW_POLICY, context).ok).toBe(true);
  });

  it('names the field and the setting in one sentence', () => {
    const wf = workflow(({ t }) => t.push({ name: 'x', container: { image: 'a', ...privileged } }));
    const result = checkWorkflowPolicy(wf, DEFAULT_WORKFLOW_POLICY, context);
    expect(result.ok ? [] : result.violations.map((v) => v.message)).toEqual([
      'spec.templates[2].container.securityContext.privileged is refused by the workflow policy (set KUBECI_POLICY_ALLOW_PRIVILEGED=true to allow it)',
    ]);
  });

  it('refuses another namespace and a status whatever the policy allows', () => {
    const wf = workflow(({ metadata, root }) => {
      metadata['namespace'] = 'kube-system';
      root['status'] = { phase: 'Succeeded' };
    });
    const result = checkWorkflowPolicy(wf, PERMISSIVE_WORKFLOW_POLICY, context);
    expect(result.ok ? [] : result.violations.map((v) => [v.path, v.setting])).toEqual([
      ['metadata.namespace', undefined],
      ['status', undefined],
    ]);
    expect(result.ok ? '' : result.violations[0]!.message).toContain('"argo"');
  });

  it('accepts the configured namespace, the run’s own cache and harmless security settings', () => {
    const names = ownCacheNames(owner);
    for (const cacheName of [names.project, names.branch, `${names.project}-go`]) {
      const wf = workflow(({ metadata, spec, t }) => {
        metadata['namespace'] = 'argo';
        metadata['annotations'] = {
          [`${P}/cacheName`]: cacheName,
          [`${P}/cacheScope`]: 'project',
          [`${P}/cacheSize`]: '1Gi',
        };
        spec['automountServiceAccountToken'] = false;
        spec['volumes'] = [
          { name: 'a', persistentVolumeClaim: { claimName: '{{workflow.parameters.cacheVolumeClaimName}}' } },
          { name: 'b', persistentVolumeClaim: { claimName: '{{ workflow.parameters.cacheVolumeClaimName }}' } },
          { name: 'c', persistentVolumeClaim: { claimName: cacheName } },
        ];
        spec['volumeClaimTemplates'] = [{ metadata: { name: 'work' }, spec: { accessModes: ['ReadWriteOnce'] } }];
        spec['serviceAccountName'] = '';
        t[1]!['container'] = {
          image: 'alpine',
          securityContext: {
            privileged: false,
            allowPrivilegeEscalation: false,
            capabilities: { add: [], drop: ['ALL'] },
          },
        };
      });
      expect(checkWorkflowPolicy(wf, DEFAULT_WORKFLOW_POLICY, context), cacheName).toMatchObject({ ok: true });
    }
  });

  it("tells whose cache names are the repository's own", () => {
    expect(ownCacheNames(owner).project).toBe('ci-project-myorg-myrepo-xwjbveo1w');
    // `a-b/c` and `a/b-c` read alike without the hash; with it, neither may name the other's
    const mine = { org: 'a-b', repo: 'c', branch: 'main' };
    const theirs = ownCacheNames({ org: 'a', repo: 'b-c', branch: 'main' }).project;
    const wf = workflow(({ metadata }) => (metadata['annotations'] = { [`${P}/cacheName`]: theirs }));
    const result = checkWorkflowPolicy(wf, DEFAULT_WORKFLOW_POLICY, { ...context, owner: mine });
    expect(result.ok ? '' : result.violations[0]!.message).toContain(`start with ${ownCacheNames(mine).project}-`);
  });

  it('strips metadata kube-ci does not own and keeps labels and annotations, leaving the input alone', () => {
    const wf = workflow(({ metadata }) => {
      Object.assign(metadata, {
        labels: { team: 'a' },
        annotations: { [`${P}/runForBranch`]: 'true' },
        ownerReferences: [{ apiVersion: 'v1', kind: 'ConfigMap', name: 'x', uid: 'u' }],
        finalizers: ['example.com/never'],
        uid: 'u-1',
        resourceVersion: '42',
        creationTimestamp: '2020-01-01T00:00:00Z',
        managedFields: [{}],
      });
    });
    const before = JSON.stringify(wf);
    const result = checkWorkflowPolicy(wf, DEFAULT_WORKFLOW_POLICY, context);
    expect(result).toMatchObject({
      ok: true,
      stripped: [
        'metadata.ownerReferences',
        'metadata.finalizers',
        'metadata.uid',
        'metadata.resourceVersion',
        'metadata.creationTimestamp',
        'metadata.managedFields',
      ],
    });
    expect(result.ok && result.workflow.metadata).toEqual({
      generateName: 'ci-',
      labels: { team: 'a' },
      annotations: { [`${P}/runForBranch`]: 'true' },
    });
    expect(JSON.stringify(wf)).toBe(before);
  });

  it('does not throw on values of the wrong type (the schema check reports them)', () => {
    const wf = workflow(({ spec, t }) => {
      spec['volumes'] = 'x';
      t[1]!['container'] = 3;
      t[1]!['podSpecPatch'] = '{{inputs.parameters.patch}}';
      t.push('not a template' as unknown as Obj);
    });
    expect(() => checkWorkflowPolicy(wf, PERMISSIVE_WORKFLOW_POLICY, context)).not.toThrow();
  });
});
