import { example } from '../templates';
import { notFound, type Handler } from './context';

/** POST /app/installations/{id}/access_tokens (the caller already proved the App JWT). */
export const createInstallationToken: Handler = (ctx) => {
  const installation = ctx.state.installations.get(Number(ctx.params.installation_id));
  if (!installation) return notFound();
  const minted = ctx.state.mintToken(installation.id);
  const body = example('installation-token');
  Object.assign(body, {
    token: minted.token,
    expires_at: minted.expiresAt.toISOString().replace(/\.\d+Z$/, 'Z'),
    permissions: {
      checks: 'write',
      contents: 'write',
      deployments: 'write',
      issues: 'write',
      members: 'read',
      metadata: 'read',
      pull_requests: 'read',
    },
    repository_selection: 'all',
  });
  delete body.repositories;
  return { status: 201, body };
};
