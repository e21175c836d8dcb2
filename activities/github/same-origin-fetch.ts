/**
 * A fetch for Octokit that sends the installation token only to the configured GitHub API origin.
 * Redirects are followed by hand so a cross-origin hop (say, to a download host) goes without `authorization`.
 */
export function sameOriginFetch(baseUrl: string, fetchImpl: typeof fetch = globalThis.fetch): typeof fetch {
  const trusted = new URL(baseUrl).origin;
  const MAX_REDIRECTS = 3;
  return async (input, init) => {
    let url = new URL(input instanceof Request ? input.url : String(input));
    for (let hop = 0; ; hop++) {
      const headers = url.origin === trusted ? init?.headers : withoutAuthorization(init?.headers);
      const response = await fetchImpl(url, { ...init, headers: headers ?? {}, redirect: 'manual' });
      const location = response.headers.get('location');
      if (
        response.status < 300 ||
        response.status >= 400 ||
        response.status === 304 ||
        !location ||
        hop >= MAX_REDIRECTS
      ) {
        return response;
      }
      url = new URL(location, url);
    }
  };
}

function withoutAuthorization(headers: ConstructorParameters<typeof Headers>[0]): Headers {
  const copy = new Headers(headers);
  copy.delete('authorization');
  return copy;
}
