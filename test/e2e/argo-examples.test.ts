import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseAllDocuments } from 'yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parsePipelineYaml } from '../../domain/parse-pipeline-yaml';
import type { ArgoWorkflow } from '../../domain/types';
import { PERMISSIVE_WORKFLOW_POLICY } from '../../domain/workflow-policy-types';
import { argoWorkflowsFor, deliverAccepted, prepareCheckSuite } from './deliveries';
import { e2eSettings, startStack, type Stack } from './stack';
import { argoExamplesDir } from '../support/shared-data';

const examplesDir = argoExamplesDir;

/** Parameters kube-ci injects (SPEC B 8.5); a user's own copy of one of them is replaced. */
const injected = new Set([
  'repo',
  'repo_git_url',
  'repo_https_url',
  'repoName',
  'orgName',
  'revision',
  'refType',
  'refName',
  'branch',
  'repoDefaultBranch',
  'pullRequestID',
  'pullRequestBaseBranch',
]);

/**
 * Examples that do not run, each for a reason the original shares: kube-ci checks the entrypoint against
 * the Workflow's own templates (SPEC B 7.5), which a Workflow that only references a WorkflowTemplate
 * does not have.
 */
const expectedInvalid: Record<string, RegExp> = {
  'cluster-workflow-template__workflow-template-ref.yaml': /not found in workflow templates/,
  'cluster-workflow-template__workflow-template-ref-with-entrypoint-arg-passing.yaml':
    /not found in workflow templates/,
  'workflow-template__workflow-template-ref.yaml': /not found in workflow templates/,
  'workflow-template__workflow-template-ref-with-entrypoint-arg-passing.yaml': /not found in workflow templates/,
};

/**
 * Examples the Kubernetes API server rejects, as a real one would: an indentation slip turns its
 * `generateName` into a label value that ends in '-'. The run fails with the server's reason on the check run.
 */
const expectedRejected: Record<string, RegExp> = {
  'fun-with-gifs.yaml': /metadata\.labels: Invalid value/,
};

interface Example {
  file: string;
  text: string;
  workflow: ArgoWorkflow;
}

/** Every example file that is exactly one `kind: Workflow` document (multi-document files are not a pipeline). */
function workflowExamples(): { examples: Example[]; otherFiles: string[] } {
  const examples: Example[] = [];
  const otherFiles: string[] = [];
  for (const file of readdirSync(examplesDir)
    .filter((f) => f.endsWith('.yaml'))
    .sort()) {
    const text = readFileSync(join(examplesDir, file), 'utf8');
    const docs = parseAllDocuments(text);
    const parsed = docs.length === 1 ? parsePipelineYaml(text, file) : undefined;
    // The reference is the pipeline parser itself (YAML read as Go does; its own tests pin that down).
    if (parsed?.ok) examples.push({ file, text, workflow: parsed.workflow });
    else otherFiles.push(file);
  }
  return { examples, otherFiles };
}

/** The submitted Workflow with everything kube-ci adds taken out again. */
function withoutInjections(submitted: ArgoWorkflow): Record<string, unknown> {
  const spec = structuredClone(submitted.spec);
  const parameters = (spec.arguments?.parameters ?? []).filter((p) => !injected.has(p.name));
  if (spec.arguments) {
    if (parameters.length > 0) spec.arguments.parameters = parameters;
    else delete spec.arguments.parameters;
    if (Object.keys(spec.arguments).length === 0) delete spec.arguments;
  }
  const tolerations = (spec.tolerations ?? []).filter(
    (t) => !e2eSettings.tolerations.some((c) => JSON.stringify(c) === JSON.stringify(t)),
  );
  if (tolerations.length > 0) spec.tolerations = tolerations;
  else delete spec.tolerations;
  const nodeSelector = Object.fromEntries(
    Object.entries(spec.nodeSelector ?? {}).filter(([k]) => !(k in e2eSettings.nodeSelector)),
  );
  if (Object.keys(nodeSelector).length > 0) spec.nodeSelector = nodeSelector;
  else delete spec.nodeSelector;
  return spec;
}

function expectedSpec(original: ArgoWorkflow): Record<string, unknown> {
  const spec = structuredClone(original.spec);
  // The user's TTL is kept (G57); without one, kube-ci's 3 days apply.
  spec.ttlStrategy ??= { secondsAfterCompletion: 259200 };
  if (spec.arguments?.parameters) {
    spec.arguments.parameters = spec.arguments.parameters.filter((p) => !injected.has(p.name));
    if (spec.arguments.parameters.length === 0) delete spec.arguments.parameters;
    if (Object.keys(spec.arguments).length === 0) delete spec.arguments;
  }
  return spec;
}

describe("Argo's own example workflows as .kube-ci/ci.yaml", () => {
  let stack: Stack;
  const { examples, otherFiles } = workflowExamples();
  beforeAll(async () => {
    // Unchanged examples: the policy allows everything here (what the default refuses is
    // test/domain/workflow-policy-examples.test.ts); the shape check still applies.
    stack = await startStack({ policy: PERMISSIVE_WORKFLOW_POLICY });
    stack.argo.plan(() => ({ stepDelayMs: 5 }));
  }, 120_000);
  afterAll(async () => {
    await stack?.close();
  });

  it('finds the corpus', () => {
    expect(examples.length).toBeGreaterThanOrEqual(190);
    expect(examples.length + otherFiles.length).toBe(
      readdirSync(examplesDir).filter((f) => f.endsWith('.yaml')).length,
    );
  });

  it('submits every one unchanged apart from what kube-ci injects, valid against the Argo schema', async () => {
    const outcomes = new Map<string, { outcome: string; reason?: string; sha: string }>();
    const queue = [...examples];
    const runOne = async (example: Example): Promise<void> => {
      // A branch of its own: runs on one branch supersede each other, which is not what this test is about.
      const branch = `example-${example.file.replace(/\.yaml$/, '').replace(/_/g, '-')}`;
      const { delivery, sha } = await prepareCheckSuite(stack, { '.kube-ci/ci.yaml': example.text }, branch);
      const handle = await deliverAccepted(stack, delivery);
      try {
        const result = await handle.result();
        outcomes.set(example.file, {
          outcome: result.outcome,
          sha,
          ...(result.reason ? { reason: result.reason } : {}),
        });
      } catch (err) {
        outcomes.set(example.file, {
          outcome: 'rejected',
          sha,
          reason: causeChain(err),
        });
      }
    };
    await Promise.all(
      Array.from({ length: 8 }, async () => {
        for (let next = queue.shift(); next; next = queue.shift()) await runOne(next);
      }),
    );

    const invalid = [...outcomes]
      .filter(([, o]) => o.outcome === 'invalid-pipeline')
      .map(([file]) => file)
      .sort();
    expect(invalid).toEqual(Object.keys(expectedInvalid).sort());
    for (const file of invalid) expect(outcomes.get(file)!.reason).toMatch(expectedInvalid[file]!);

    const rejected = [...outcomes]
      .filter(([, o]) => o.outcome === 'rejected')
      .map(([file]) => file)
      .sort();
    expect(rejected).toEqual(Object.keys(expectedRejected).sort());
    for (const file of rejected) {
      expect(outcomes.get(file)!.reason).toMatch(expectedRejected[file]!);
      const checkRun = stack.github
        .checkRuns('Codertocat', 'Hello-World')
        .find((c) => c.headSha === outcomes.get(file)!.sha)!;
      expect(checkRun.fields).toMatchObject({ status: 'completed', conclusion: 'failure' });
      expect((checkRun.fields['output'] as { summary: string }).summary).toMatch(expectedRejected[file]!);
    }

    for (const example of examples.filter((e) => !(e.file in expectedInvalid) && !(e.file in expectedRejected))) {
      const { sha, outcome } = outcomes.get(example.file)!;
      expect(['success', 'failure'], example.file).toContain(outcome);
      const [submitted, ...more] = argoWorkflowsFor(stack, sha);
      expect(more, example.file).toHaveLength(0);
      expect(withoutInjections(submitted!), example.file).toEqual(expectedSpec(example.workflow));
      for (const [key, value] of Object.entries(example.workflow.metadata?.labels ?? {})) {
        if (!['managedBy', 'org', 'repo', 'branch'].includes(key))
          expect(submitted!.metadata.labels?.[key], `${example.file} label ${key}`).toBe(value);
      }
    }
    // The API server's rejections are recorded as violations: exactly the expected ones.
    expect(
      stack.kube.schemaViolations
        .map((v) => (v.object as ArgoWorkflow).metadata.annotations?.['kube-ci.qutics.com/sha'])
        .sort(),
    ).toEqual(rejected.map((file) => outcomes.get(file)!.sha).sort());
    expect(stack.github.schemaViolations).toEqual([]);
  }, 600_000);
});

/** Every message down an error's cause chain (the workflow's failure, an activity's, the server's answer). */
function causeChain(err: unknown): string {
  const messages: string[] = [];
  for (let e = err as Error | undefined; e; e = e.cause as Error | undefined) messages.push(String(e));
  return messages.join(' <- ');
}
