import type { CommentCommandRequest } from './comment-command-event';
import type { CiTrigger, DeploymentRequest } from './types';

/** The fields of a pull request a command's run is pinned to (read from GitHub when the command runs). */
export interface CommandPullRequest {
  number: number;
  draft: boolean;
  title: string;
  htmlUrl: string;
  headRef: string;
  headSha: string;
  headRepoUrl: string;
  baseRef: string;
  baseRepoUrl: string;
}

/**
 * The CiTrigger of a run a `/kube-ci` command starts: source `slash_command` (an explicit trigger, so decideRun's
 * branch, draft and fork rules do not apply, G12), pinned to the PR's head commit as it was read when the command
 * ran (a fork PR's approval covers that commit only), with the PR's parameters (G40).
 */
export function commandRunTrigger(
  request: CommentCommandRequest,
  pr: CommandPullRequest,
  entrypoint: string,
  deployment?: DeploymentRequest,
): CiTrigger {
  return {
    source: 'slash_command',
    installationId: request.installationId,
    repo: request.repo,
    sha: pr.headSha,
    ref: pr.headRef,
    refType: 'branch',
    entrypoint,
    pullRequests: [
      {
        number: pr.number,
        headRef: pr.headRef,
        headSha: pr.headSha,
        baseRef: pr.baseRef,
        headRepoUrl: pr.headRepoUrl,
        baseRepoUrl: pr.baseRepoUrl,
        draft: pr.draft,
        title: pr.title,
        htmlUrl: pr.htmlUrl,
      },
    ],
    deliveryId: request.deliveryId,
    sender: request.sender,
    ...(deployment ? { deployment } : {}),
  };
}

/** The run key of a command's run: `command-<comment key>` (`-<n>` for the n-th of several), so a retry finds it. */
export function commandRunKey(request: Pick<CommentCommandRequest, 'key'>, index = 0): string {
  return index === 0 ? `command-${request.key}` : `command-${request.key}-${index}`;
}

/** A PR whose head is in another repository (a fork): setup refuses it (SPEC B 15.7). */
export function isCrossRepository(pr: Pick<CommandPullRequest, 'headRepoUrl' | 'baseRepoUrl'>): boolean {
  return pr.headRepoUrl !== pr.baseRepoUrl;
}

/** The deploy template `/kube-ci deploy <env> [template]` runs, or why none can be chosen. */
export function chooseDeployTemplate(
  templates: string[],
  requested: string | undefined,
): { ok: true; template: string } | { ok: false; message: string } {
  if (requested !== undefined) {
    if (templates.includes(requested)) return { ok: true, template: requested };
    return { ok: false, message: `${requested} is not a deploy template of this pipeline (${templates.join(', ')})` };
  }
  if (templates.length === 1) return { ok: true, template: templates[0]! };
  return {
    ok: false,
    message: `the pipeline has several deploy templates (${templates.join(', ')}): name one, e.g. \`/kube-ci deploy <environment> ${templates[0]}\``,
  };
}
