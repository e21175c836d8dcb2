import { gitHubOpenApi } from './openapi-document';
import type { Account } from './state';

/**
 * A deep copy of one of the examples in GitHub's OpenAPI description. Responses start from the documented
 * example and override what the fake's state decides, so every field GitHub documents is present.
 */
export function example<T = Record<string, unknown>>(name: string): T {
  const value = gitHubOpenApi().components.examples[name]?.value;
  if (value === undefined) throw new Error(`no example ${name} in the OpenAPI description`);
  return structuredClone(value) as T;
}

/** `simple-user` for an account, with URLs on the fake's base URL. */
export function simpleUser(baseUrl: string, account: Account): Record<string, unknown> {
  const api = `${baseUrl}/users/${encodeURIComponent(account.login)}`;
  return {
    login: account.login,
    id: account.id,
    node_id: Buffer.from(`${account.type}${account.id}`).toString('base64'),
    avatar_url: `${baseUrl}/avatars/${account.id}`,
    gravatar_id: '',
    url: api,
    html_url: `${baseUrl}/html/${encodeURIComponent(account.login)}`,
    followers_url: `${api}/followers`,
    following_url: `${api}/following{/other_user}`,
    gists_url: `${api}/gists{/gist_id}`,
    starred_url: `${api}/starred{/owner}{/repo}`,
    subscriptions_url: `${api}/subscriptions`,
    organizations_url: `${api}/orgs`,
    repos_url: `${api}/repos`,
    events_url: `${api}/events{/privacy}`,
    received_events_url: `${api}/received_events`,
    type: account.type,
    site_admin: false,
  };
}

export function nodeId(kind: string, id: number | string): string {
  return Buffer.from(`${kind}:${id}`).toString('base64');
}
