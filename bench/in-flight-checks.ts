import { WorkflowNotFoundError } from '@temporalio/client';
import type { CiRunResult } from '../workflows/ci-run.messages';
import type { Stack } from '../test/e2e/stack';

export interface CompletionCheck {
  /** runs whose Temporal workflow returned outcome `success` */
  succeeded: number;
  /** commits with exactly one Argo Workflow and one check run, concluded `success` by exactly one update */
  concludedOnce: number;
  /** the first few commits that were not, with what was wrong */
  problems: string[];
}

/** Every run finished once: one Argo Workflow, one check run, one conclusion, per commit. */
export function checkCompletedOnce(
  stack: Stack,
  runs: ReadonlyArray<{ sha: string; workflowId: string }>,
  results: ReadonlyArray<CiRunResult | undefined>,
): CompletionCheck {
  const prefix = stack.settings.annotationPrefix;
  const workflowsBySha = new Map<string, number>();
  for (const wf of stack.argoWorkflows()) {
    const sha = wf.metadata.annotations?.[`${prefix}/sha`] ?? '';
    workflowsBySha.set(sha, (workflowsBySha.get(sha) ?? 0) + 1);
  }
  const checkRunsBySha = new Map<string, ReturnType<Stack['github']['checkRuns']>>();
  for (const checkRun of stack.github.checkRuns('Codertocat', 'Hello-World')) {
    checkRunsBySha.set(checkRun.headSha, [...(checkRunsBySha.get(checkRun.headSha) ?? []), checkRun]);
  }
  const problems: string[] = [];
  let concludedOnce = 0;
  runs.forEach(({ sha, workflowId }, i) => {
    const checkRuns = checkRunsBySha.get(sha) ?? [];
    const conclusions = checkRuns.flatMap((c) => c.history).filter((h) => h.body['conclusion'] !== undefined);
    const fine =
      results[i]?.outcome === 'success' &&
      workflowsBySha.get(sha) === 1 &&
      checkRuns.length === 1 &&
      checkRuns[0]!.fields['conclusion'] === 'success' &&
      conclusions.length === 1;
    if (fine) concludedOnce += 1;
    else if (problems.length < 5)
      problems.push(
        `${workflowId}: outcome ${results[i]?.outcome}, ${workflowsBySha.get(sha) ?? 0} Argo Workflows, ${checkRuns.length} check runs, ${conclusions.length} conclusions`,
      );
  });
  return { succeeded: results.filter((r) => r?.outcome === 'success').length, concludedOnce, problems };
}

/** A run's result; undefined when the run does not exist. */
export async function resultOf(stack: Stack, workflowId: string): Promise<CiRunResult | undefined> {
  try {
    return (await stack.client.workflow.getHandle(workflowId).result()) as CiRunResult;
  } catch (error) {
    if (error instanceof WorkflowNotFoundError) return undefined;
    throw error;
  }
}
