import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkPipeline, MAX_RENDERED_WORKFLOW_BYTES } from '../../activities/check-pipeline';
import { parsePipelineYaml } from '../../domain/parse-pipeline-yaml';
import { DEFAULT_WORKFLOW_POLICY, PERMISSIVE_WORKFLOW_POLICY, type WorkflowPolicy } from '../../domain/workflow-policy';
import { settingsWith, triggerWith } from '../domain/fixtures';
import { argoExamplesDir } from '../support/shared-data';

const file = '.kube-ci/ci.yaml';

function check(yamlText: string, policy: WorkflowPolicy = DEFAULT_WORKFLOW_POLICY, withText = true) {
  const parsed = parsePipelineYaml(yamlText, file);
  if (!parsed.ok) throw new Error(parsed.error.message);
  return checkPipeline({
    workflow: parsed.workflow,
    file,
    ...(withText ? { yamlText } : {}),
    trigger: triggerWith(),
    settings: settingsWith(),
    policy,
  });
}

const head =
  'apiVersion: argoproj.io/v1alpha1\nkind: Workflow\nmetadata:\n  generateName: ci-\nspec:\n  entrypoint: main\n';
const templates = '  templates:\n    - name: main\n      container:\n        image: alpine\n';

/** One row: a malformed spec, the path the message must name, and the line of that field. */
const shapes: [name: string, yaml: string, path: string, line: number][] = [
  ['templates: {}', `${head}  templates: {}\n`, 'spec.templates: must be array', 7],
  ['spec.tolerations: {}', `${head}${templates}  tolerations: {}\n`, 'spec.tolerations: must be array', 11],
  [
    'arguments.parameters: {}',
    `${head}  arguments:\n    parameters: {}\n${templates}`,
    'spec.arguments.parameters: must be array',
    8,
  ],
  [
    'a number where a string belongs',
    `${head}  templates:\n    - name: main\n      container:\n        image: 3\n`,
    'spec.templates[0].container.image: must be string',
    10,
  ],
];

describe('checkPipeline', () => {
  it.each(shapes)('reports %s with the path and line of the bad field', (_name, yaml, path, line) => {
    const result = check(yaml);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.error.message).toContain(path);
    expect(result.error).toMatchObject({ file, line });
  });

  it('refuses a rendering larger than Kubernetes stores, with its size, before checking anything else', () => {
    const big = `${head}  arguments:\n    parameters:\n      - name: blob\n        value: "${'x'.repeat(MAX_RENDERED_WORKFLOW_BYTES)}"\n${templates}`;
    const result = check(big);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.error.file).toBe(file);
    expect(result.error.message).toMatch(
      /^the rendered Argo Workflow is 1500\d{3} bytes; Kubernetes stores objects of at most 1\.5 MiB/,
    );
    // just under the bound is fine
    expect(check(big.replace('x'.repeat(400), '')).ok).toBe(true);
  });

  it('gives the line of a refused field in ci.yaml, and the file only for a rendering without text', () => {
    const yaml = `${head}  templates:\n    - name: main\n      container:\n        image: alpine\n        securityContext:\n          privileged: true\n`;
    const result = check(yaml);
    expect(result).toMatchObject({ ok: false, error: { file, line: 12, reason: 'policy' } });
    expect(result.ok ? '' : result.error.message).toContain('KUBECI_POLICY_ALLOW_PRIVILEGED');
    const starlark = check(yaml, DEFAULT_WORKFLOW_POLICY, false);
    expect(starlark.ok ? {} : starlark.error).toEqual({
      file,
      message: result.ok ? '' : result.error.message,
      reason: 'policy',
    });
  });

  it('falls back to the line of the podSpecPatch for a field inside it', () => {
    const yaml = `${head}  podSpecPatch: |\n    hostPID: true\n${templates}`;
    const result = check(yaml);
    expect(result).toMatchObject({ ok: false, error: { line: 7 } });
    expect(result.ok ? '' : result.error.message).toContain('spec.podSpecPatch.hostPID');
  });
});

/** What the default policy refuses in Argo's own examples, by file: the settings that would allow each. */
const refusedExamples: Record<string, string[]> = {
  'daemoned-stateful-set-with-service.yaml': ['KUBECI_POLICY_ALLOW_RESOURCE_TEMPLATES'],
  'default-pdb-support.yaml': ['KUBECI_POLICY_SERVICE_ACCOUNTS'],
  'k8s-jobs.yaml': ['KUBECI_POLICY_ALLOW_RESOURCE_TEMPLATES'],
  'k8s-orchestration.yaml': ['KUBECI_POLICY_ALLOW_RESOURCE_TEMPLATES'],
  'k8s-owner-reference.yaml': ['KUBECI_POLICY_ALLOW_RESOURCE_TEMPLATES'],
  'k8s-patch-json-pod.yaml': ['KUBECI_POLICY_ALLOW_RESOURCE_TEMPLATES'],
  'k8s-patch-json-workflow.yaml': ['KUBECI_POLICY_ALLOW_RESOURCE_TEMPLATES'],
  'k8s-patch-merge-pod.yaml': ['KUBECI_POLICY_ALLOW_RESOURCE_TEMPLATES'],
  'k8s-patch-pod.yaml': ['KUBECI_POLICY_ALLOW_RESOURCE_TEMPLATES'],
  'k8s-resource-log-selector.yaml': ['KUBECI_POLICY_ALLOW_RESOURCE_TEMPLATES'],
  'k8s-set-owner-reference.yaml': ['KUBECI_POLICY_ALLOW_RESOURCE_TEMPLATES'],
  'k8s-wait-wf.yaml': ['KUBECI_POLICY_ALLOW_RESOURCE_TEMPLATES'],
  'pod-spec-from-previous-step.yaml': ['KUBECI_POLICY_ALLOW_POD_SPEC_PATCH'],
  'pod-spec-patch-wf-tmpl.yaml': ['KUBECI_POLICY_ALLOW_POD_SPEC_PATCH'],
  'pod-spec-patch.yaml': ['KUBECI_POLICY_ALLOW_POD_SPEC_PATCH'],
  'pod-spec-yaml-patch.yaml': ['KUBECI_POLICY_ALLOW_POD_SPEC_PATCH'],
  'resource-delete-with-flags.yaml': ['KUBECI_POLICY_ALLOW_RESOURCE_TEMPLATES'],
  'resource-flags.yaml': ['KUBECI_POLICY_ALLOW_RESOURCE_TEMPLATES'],
  'sidecar-dind.yaml': ['KUBECI_POLICY_ALLOW_PRIVILEGED'],
  'variables-showcase.yaml': ['KUBECI_POLICY_SERVICE_ACCOUNTS'],
  'volumes-existing.yaml': ['KUBECI_POLICY_ALLOW_OTHER_CLAIMS'],
  'workflow-of-workflows.yaml': ['KUBECI_POLICY_ALLOW_RESOURCE_TEMPLATES'],
};

describe("checkPipeline on Argo's own examples", () => {
  const examples = readdirSync(argoExamplesDir)
    .filter((f) => f.endsWith('.yaml'))
    .sort()
    .map((f) => ({ f, text: readFileSync(join(argoExamplesDir, f), 'utf8') }))
    .filter(({ text }) => parsePipelineYaml(text, file).ok);

  it('passes every one with the permissive policy (all have Argo’s shape)', () => {
    expect(examples.length).toBeGreaterThanOrEqual(190);
    const failed = examples.filter(({ text }) => !check(text, PERMISSIVE_WORKFLOW_POLICY).ok).map(({ f }) => f);
    expect(failed).toEqual([]);
  });

  it('refuses exactly the examples that use what the default policy refuses, naming the setting', () => {
    const refused: Record<string, string[]> = {};
    for (const { f, text } of examples) {
      const result = check(text);
      if (result.ok) continue;
      const settings = result.error.message.match(/KUBECI_POLICY_[A-Z_]+/g) ?? ['(none)'];
      refused[f] = [...new Set(settings)];
    }
    expect(refused).toEqual(refusedExamples);
  });
});
