/**
 * The Slack side of slash commands, for tests: requests signed as Slack signs them (documented scheme: `v0=` +
 * HMAC-SHA256 of `v0:<timestamp>:<body>` with the signing secret; https://api.slack.com/authentication/verifying-requests-from-slack),
 * and a loopback `response_url` receiver that keeps every message posted to it. kube-ci verifies with
 * `@slack/bolt`, so this signer is independent of the code under test.
 */
import { createHmac } from 'node:crypto';
import express from 'express';
import { listenOnLoopback, type Listening } from '../../support/listen';

export interface SlashCommand {
  command: string;
  text: string;
  userId: string;
  channelId: string;
  responseUrl: string;
}

/** The form body Slack posts for a slash command, and its headers signed with `secret` (or a wrong one). */
export function signedSlashCommand(secret: string, command: SlashCommand, nowSeconds = Math.floor(Date.now() / 1000)) {
  const body = new URLSearchParams({
    token: 'deprecated-verification-token',
    team_id: 'T0001',
    team_domain: 'example',
    channel_id: command.channelId,
    channel_name: 'ci',
    user_id: command.userId,
    user_name: `name-of-${command.userId}`,
    command: command.command,
    text: command.text,
    api_app_id: 'A0001',
    response_url: command.responseUrl,
    trigger_id: `${nowSeconds}.${Math.random().toString().slice(2)}`,
  }).toString();
  const signature = `v0=${createHmac('sha256', secret).update(`v0:${nowSeconds}:${body}`).digest('hex')}`;
  return {
    body,
    headers: {
      'content-type': 'application/x-www-form-urlencoded',
      'x-slack-request-timestamp': String(nowSeconds),
      'x-slack-signature': signature,
    },
  };
}

/** Where kube-ci posts its answers: every JSON body, by path. */
export class SlackResponses {
  readonly messages: { path: string; body: { response_type?: string; text?: string } }[] = [];
  private listening: Listening | undefined;

  async start(): Promise<string> {
    const app = express();
    app.post('/{*path}', express.json(), (req, res) => {
      this.messages.push({ path: req.path, body: req.body as { text?: string } });
      res.status(200).send('ok');
    });
    this.listening = await listenOnLoopback(app);
    return this.listening.url;
  }

  on(path: string) {
    return this.messages.filter((m) => m.path === path).map((m) => m.body);
  }

  async close(): Promise<void> {
    await this.listening?.close();
  }
}
