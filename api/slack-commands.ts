import { createHash } from 'node:crypto';
import { isValidSlackRequest } from '@slack/bolt';
import express, { type Router } from 'express';
import type { Logger } from 'pino';
import { parseSlackCommand, slackSenderAllowed, type SlackCommandRequest } from '../domain/slack-command';
import type { TemporalGateway } from '../temporal/gateway';
import { handOffToTemporal } from './hand-off';
import { HttpError } from './http-error';

export interface SlackOptions {
  /** Slack's signing secret; the route exists only when it is set */
  signingSecret: string;
  /** Slack user ids allowed to use the commands */
  users: string[];
  /** Slack channel ids in which anyone may use them */
  channels: string[];
  temporal: TemporalGateway;
  logger: Logger;
  /** Temporal Web UI base and namespace, for the link in the first answer */
  temporalUi: { base: string; namespace: string };
}

/** Slack sends small forms; anything longer is no slash command. */
const MAX_SLACK_BODY = 64 * 1024;
const ephemeral = (text: string) => ({ response_type: 'ephemeral', text });

/**
 * `POST /slack/commands` (and the original's `/webhooks/slack/cmd`): Slack's slash-command requests (SPEC B §16). Verified with the signing secret by
 * `@slack/bolt`'s `isValidSlackRequest` over the raw body (signature and a timestamp within five minutes; 401 when
 * not), restricted to the configured users or channels, parsed (domain/slack-command.ts), then handed to a
 * `slackCommandWorkflow`, which posts the outcome and the runs' links to the `response_url`. The first answer,
 * within Slack's 3 s, is an ephemeral "accepted" with the command's own link; a refused or unparsable command is
 * answered at once and starts nothing.
 */
export function slackCommandsRouter(options: SlackOptions): Router {
  const router = express.Router();
  // `/webhooks/slack/cmd` is the original's path (SPEC B §1): a Slack App pointed at it keeps working.
  router.post(
    ['/slack/commands', '/webhooks/slack/cmd'],
    express.raw({ type: () => true, limit: MAX_SLACK_BODY }),
    async (req, res) => {
      const raw = Buffer.isBuffer(req.body) ? req.body.toString('utf8') : '';
      const signature = req.header('x-slack-signature') ?? '';
      const timestamp = Number(req.header('x-slack-request-timestamp'));
      const valid =
        raw !== '' &&
        isValidSlackRequest({
          signingSecret: options.signingSecret,
          body: raw,
          headers: { 'x-slack-signature': signature, 'x-slack-request-timestamp': timestamp },
        });
      if (!valid) throw new HttpError(401, 'request did not validate: x-slack-signature does not match');
      const form = new URLSearchParams(raw);
      const sender = { userId: form.get('user_id') ?? '', channelId: form.get('channel_id') ?? '' };
      const log = options.logger.child({ slackUser: sender.userId, slackChannel: sender.channelId });
      if (!slackSenderAllowed(sender, options)) {
        log.info({ command: form.get('command') }, 'slack command refused');
        res.json(
          ephemeral('you are not allowed to use kube-ci commands (ask for your Slack user or channel to be allowed)'),
        );
        return;
      }
      const command = parseSlackCommand(form.get('command') ?? '', form.get('text') ?? '');
      if (command.kind === 'invalid') {
        res.json(ephemeral(command.message));
        return;
      }
      const request: SlackCommandRequest = {
        command,
        userId: sender.userId,
        userName: form.get('user_name') ?? sender.userId,
        channelId: sender.channelId,
        responseUrl: form.get('response_url') ?? '',
        key: `slack-${createHash('sha256').update(raw).digest('hex').slice(0, 16)}`,
      };
      if (!/^https?:\/\//.test(request.responseUrl)) {
        res.json(ephemeral('the request has no response_url'));
        return;
      }
      const { workflowId } = await handOffToTemporal(log, 'slack command', () =>
        options.temporal.startSlackCommand(request),
      );
      log.info({ workflowId, command: command.kind }, 'slack command started');
      const { base, namespace } = options.temporalUi;
      const link = `${base.replace(/\/+$/, '')}/namespaces/${encodeURIComponent(namespace)}/workflows/${encodeURIComponent(workflowId)}`;
      res.json(
        ephemeral(
          `kube-ci: ${command.kind} of ${command.repo.owner}/${command.repo.name} accepted: <${link}|${workflowId}>`,
        ),
      );
    },
  );
  return router;
}
