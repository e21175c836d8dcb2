import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ownCacheNames } from '../../domain/workflow-policy';
import type { StarlarkPool } from '../../starlark-wasm/src/index';
import { startPool, testStarlarkRenderer } from '../pipeline/support';
import { argoWorkflowsFor, checkRunsFor, deliverCheckSuite, owner, repo } from './deliveries';
import { buildAndTest } from './pipelines';
import { startStack, type Stack } from './stack';

/**
 * Hostile pipelines through the real stack with the production-default workflow policy: each must end in a
 * completed `failure` check run that names what was refused, create no Argo Workflow, and leave the worker
 * serving. One row = name, the commit's files, the texts the check run must show (and, for ci.yaml, the
 * line of the annotation). Starlark bombs, a huge folder, a read outside the allow-list and an oversized
 * rendering are rows here too: every hostile input a repository controls, one table.
 */
interface HostileCase {
  name: string;
  files: Record<string, string>;
  expected: string[];
  line?: number;
  /** for messages kube-ci cuts: the summary stays shorter than this */
  maxSummaryLength?: number;
}

/** Each hostile run must be reported within this bound (measured: 0.35–0.6 s each, 3 s for the first, on the 2-core machine). */
const BOUND_MS = 20_000;

const head = `apiVersion: argoproj.io/v1alpha1
kind: Workflow
metadata:
  generateName: ci-
`;
/** ci.yaml with `spec` lines after `entrypoint`; `extra` is indented under the build container. */
const yaml = (spec: string, container = '', metadata = '') =>
  `${head}${metadata}spec:\n  entrypoint: build\n${spec}  templates:\n    - name: build\n      container:\n        image: alpine\n${container}`;
const ciYaml = (text: string) => ({ '.kube-ci/ci.yaml': text });
const otherCache = ownCacheNames({ org: owner, repo: 'Secret-Repo', branch: 'master' }).project;

const hostile: HostileCase[] = [
  {
    name: 'a privileged container',
    files: ciYaml(yaml('', '        securityContext:\n          privileged: true\n')),
    expected: ['spec.templates[0].container.securityContext.privileged', 'KUBECI_POLICY_ALLOW_PRIVILEGED=true'],
    line: 12,
  },
  {
    name: 'privilege escalation',
    files: ciYaml(yaml('', '        securityContext:\n          allowPrivilegeEscalation: true\n')),
    expected: ['container.securityContext.allowPrivilegeEscalation', 'KUBECI_POLICY_ALLOW_PRIVILEGED=true'],
    line: 12,
  },
  {
    name: 'added capabilities',
    files: ciYaml(yaml('', '        securityContext:\n          capabilities:\n            add: [SYS_ADMIN]\n')),
    expected: ['container.securityContext.capabilities.add (SYS_ADMIN)', 'KUBECI_POLICY_ALLOW_CAPABILITIES=true'],
  },
  {
    name: 'a hostPath volume',
    files: ciYaml(yaml('  volumes:\n    - name: sock\n      hostPath: {path: /var/run/docker.sock}\n')),
    expected: ['spec.volumes[0].hostPath', 'KUBECI_POLICY_ALLOW_HOST_PATH=true'],
    line: 9,
  },
  {
    name: 'hostNetwork',
    files: ciYaml(yaml('  hostNetwork: true\n')),
    expected: ['spec.hostNetwork', 'KUBECI_POLICY_ALLOW_HOST_NAMESPACES=true'],
    line: 7,
  },
  {
    name: 'hostPID through a podSpecPatch',
    files: ciYaml(yaml('  podSpecPatch: \'{"hostPID": true}\'\n')),
    expected: ['spec.podSpecPatch ', 'KUBECI_POLICY_ALLOW_POD_SPEC_PATCH=true', 'spec.podSpecPatch.hostPID'],
    line: 7,
  },
  {
    name: 'a resource template',
    files: ciYaml(
      `${yaml('')}    - name: apply\n      resource:\n        action: create\n        manifest: "kind: ConfigMap"\n`,
    ),
    expected: ['spec.templates[1].resource', 'KUBECI_POLICY_ALLOW_RESOURCE_TEMPLATES=true'],
    line: 12,
  },
  {
    name: 'a service account',
    files: ciYaml(yaml('  serviceAccountName: argo-server\n')),
    expected: ['spec.serviceAccountName ("argo-server")', 'add it to KUBECI_POLICY_SERVICE_ACCOUNTS'],
    line: 7,
  },
  {
    name: "the executor's service account",
    files: ciYaml(yaml('  executor:\n    serviceAccountName: admin\n')),
    expected: ['spec.executor.serviceAccountName', 'KUBECI_POLICY_SERVICE_ACCOUNTS'],
    line: 8,
  },
  {
    name: 'automountServiceAccountToken',
    files: ciYaml(yaml('  automountServiceAccountToken: true\n')),
    expected: ['spec.automountServiceAccountToken', 'KUBECI_POLICY_ALLOW_SERVICE_ACCOUNT_TOKEN=true'],
  },
  {
    name: 'a claim on a PVC that is not the run’s cache',
    files: ciYaml(yaml('  volumes:\n    - name: db\n      persistentVolumeClaim: {claimName: prod-db}\n')),
    expected: ['spec.volumes[0].persistentVolumeClaim.claimName ("prod-db")', 'KUBECI_POLICY_ALLOW_OTHER_CLAIMS=true'],
  },
  {
    name: 'another namespace',
    files: ciYaml(yaml('', '', '  namespace: kube-system\n')),
    expected: ['metadata.namespace is refused', 'runs go to the namespace "argo"'],
    line: 5,
  },
  {
    name: 'a fake status',
    files: ciYaml(`${yaml('')}status:\n  phase: Succeeded\n`),
    expected: ['status is refused by the workflow policy'],
    line: 11,
  },
  {
    name: "another repository's cache",
    files: ciYaml(yaml('', '', `  annotations:\n    kube-ci.qutics.com/cacheName: ${otherCache}\n`)),
    expected: ['metadata.annotations["kube-ci.qutics.com/cacheName"]', 'KUBECI_POLICY_ALLOW_OTHER_CACHES=true'],
    line: 6,
  },
  {
    name: 'templates: {}',
    files: ciYaml(`${head}spec:\n  entrypoint: build\n  templates: {}\n`),
    expected: ["Argo's Workflow schema", 'spec.templates: must be array'],
    line: 7,
  },
  {
    name: 'spec.tolerations: {}',
    files: ciYaml(yaml('  tolerations: {}\n')),
    expected: ['spec.tolerations: must be array'],
    line: 7,
  },
  {
    name: 'arguments.parameters: {}',
    files: ciYaml(yaml('  arguments:\n    parameters: {}\n')),
    expected: ['spec.arguments.parameters: must be array'],
    line: 8,
  },
  {
    name: 'a privileged container from ci.star',
    files: {
      '.kube-ci/ci.star': `workflow = {
    "apiVersion": "argoproj.io/v1alpha1", "kind": "Workflow", "metadata": {"generateName": "ci-"},
    "spec": {"entrypoint": "build", "templates": [
        {"name": "build", "container": {"image": "alpine", "securityContext": {"privileged": True}}}]},
}
`,
    },
    expected: ['spec.templates[0].container.securityContext.privileged', 'KUBECI_POLICY_ALLOW_PRIVILEGED=true'],
  },
  {
    name: 'a 1e9-character string (ci.star)',
    files: { '.kube-ci/ci.star': 'big = "x" * 1000000000\nworkflow = {}\n' },
    expected: ['memory limit exceeded', 'KUBECI_STARLARK_MAX_MEMORY'],
  },
  {
    name: 'a memory bomb (ci.star list doubling)',
    files: {
      '.kube-ci/ci.star':
        'def bomb():\n    l = [1]\n    for i in range(40):\n        l = l + l\n    return l\n\nworkflow = bomb()\n',
    },
    expected: ['memory limit exceeded', 'KUBECI_STARLARK_MAX_MEMORY'],
  },
  {
    name: 'a fail() of 100 KB (ci.star)',
    files: { '.kube-ci/ci.star': 'fail("boom " * 20000)\n' },
    expected: ['boom boom', 'more bytes were dropped'],
    maxSummaryLength: 8_000,
  },
  {
    name: 'github:// to another owner (ci.star)',
    files: { '.kube-ci/ci.star': 'load("github://secrets.evil/keys.star", "keys")\nworkflow = keys\n' },
    expected: [
      'repository evil/secrets is outside the repositories this pipeline may read',
      'KUBECI_STARLARK_GITHUB_REPOS',
    ],
  },
  {
    name: 'a 10,000-file .kube-ci/',
    files: {
      '.kube-ci/ci.yaml': buildAndTest,
      ...Object.fromEntries(Array.from({ length: 10_000 }, (_, i) => [`.kube-ci/junk/f${i}.txt`, 'x'])),
    },
    expected: ['holds 10001 files, more than the 200 a pipeline may have', 'KUBECI_CONTEXT_MAX_FILES'],
  },
  {
    name: 'a rendered Workflow larger than Kubernetes stores',
    files: ciYaml(
      yaml(`  arguments:\n    parameters:\n      - name: blob\n        value: "${'x'.repeat(1_600_000)}"\n`),
    ),
    expected: ['the rendered Argo Workflow is 1600', 'Kubernetes stores objects of at most 1.5 MiB'],
  },
];

describe('hostile pipelines, end to end with the default workflow policy', () => {
  let stack: Stack;
  let pool: StarlarkPool;
  beforeAll(async () => {
    pool = await startPool(1);
    stack = await startStack({ renderStarlark: testStarlarkRenderer(pool) });
  }, 180_000);
  afterAll(async () => {
    await stack?.close();
    await pool?.close();
  });

  it.each(hostile)('refuses $name with a failed check run that names it', async (row) => {
    const { files, expected, line } = row;
    const started = Date.now();
    const { sha, handle } = await deliverCheckSuite(stack, files);
    const result = await handle.result();
    expect(Date.now() - started).toBeLessThan(BOUND_MS);
    expect(result.outcome).toBe('invalid-pipeline');

    const [checkRun, ...others] = checkRunsFor(stack, sha);
    expect(others).toHaveLength(0);
    expect(checkRun!.fields).toMatchObject({ status: 'completed', conclusion: 'failure' });
    const output = checkRun!.fields['output'] as { summary: string; text: string };
    // a policy refusal is not a parse error, and its summary says so
    const refused = expected.some((t) => t.includes('KUBECI_POLICY')) || expected.some((t) => t.includes('is refused'));
    expect(
      output.summary.startsWith(refused ? 'pipeline refused, ' : 'unable to parse workflow, '),
      output.summary,
    ).toBe(true);
    for (const text of expected) {
      expect(output.summary).toContain(text);
      expect(output.text).toContain(text);
    }
    if (row.maxSummaryLength !== undefined) expect(output.summary.length).toBeLessThan(row.maxSummaryLength);
    if (line !== undefined)
      expect(checkRun!.annotations).toMatchObject([{ path: '.kube-ci/ci.yaml', start_line: line }]);
    expect(argoWorkflowsFor(stack, sha)).toEqual([]);
  });

  it('still runs a good pipeline to success on the same worker afterwards', async () => {
    const { sha, handle } = await deliverCheckSuite(stack, { '.kube-ci/ci.yaml': buildAndTest });
    expect(await handle.result()).toMatchObject({ outcome: 'success' });
    expect(checkRunsFor(stack, sha).map((c) => c.fields['conclusion'])).toEqual(['success']);
    expect(argoWorkflowsFor(stack, sha)).toHaveLength(1);
    expect(stack.github.checkRuns(owner, repo).length).toBeGreaterThan(hostile.length);
  });
});
