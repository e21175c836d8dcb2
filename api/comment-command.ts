import type { Logger } from 'pino';
import type { CommentCommandRequest } from '../domain/comment-command-event';
import type { StartResult, TemporalGateway } from '../temporal/gateway';
import { handOffStart } from './hand-off';

/**
 * A `/kube-ci` comment (or opened issue): 202 once Temporal has its command workflow (a redelivery of the same
 * comment answers `started: false` and runs nothing again), 503 when Temporal could not be reached.
 */
export async function startCommentCommand(
  temporal: TemporalGateway,
  request: CommentCommandRequest,
  log: Logger,
): Promise<StartResult> {
  return await handOffStart(
    log,
    'comment command',
    {
      repo: `${request.repo.owner}/${request.repo.name}`,
      issue: request.issueNumber,
      command: request.command.kind,
      sender: request.sender,
    },
    () => temporal.startCommentCommand(request),
  );
}
