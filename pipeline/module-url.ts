/**
 * The one rule set for the names `load()` and `loadFile()` accept (SPEC A2 G22–G25). Written down with
 * examples in pipeline/README.md; the table in test/pipeline/module-url.test.ts checks every example.
 * Pure: no I/O. Resolution follows RFC 3986 (WHATWG URL for non-special schemes behaves the same for
 * the forms used here), then kube-ci's own rules pick the repository and ref.
 */

/** Builtin modules a script may load, with the exports of the original (SPEC B 6.3). */
export const BUILTIN_MODULES = ['encoding/json', 'encoding/yaml', 'math', 're', 'time'] as const;
export type KubeCiBuiltin = (typeof BUILTIN_MODULES)[number];

/** Where a module or file lives, fully resolved: nothing is inherited after this point. */
export type ModuleAddress =
  | { scheme: 'builtin'; name: KubeCiBuiltin }
  /** `path` is relative to the CI context folder (`.kube-ci/`), no leading slash */
  | { scheme: 'context'; path: string }
  /** `path` has no leading slash; `ref` '' means the repository's default branch */
  | { scheme: 'github'; owner: string; repo: string; path: string; ref: string }
  | { scheme: 'https'; url: string };

/** The repository being built and the commit its `.kube-ci/` was read at. */
export interface ModuleOrigin {
  owner: string;
  repo: string;
  /** the commit SHA: context modules are that commit, so same-repository loads inherit it */
  ref: string;
}

export type ResolvedModule = { ok: true; address: ModuleAddress; url: string } | { ok: false; message: string };

/** `load()` accepts builtin modules; `loadFile()` does not (the original's rule, SPEC B 6.5). */
export type ResolveFor = 'load' | 'loadFile';

const GITHUB_OWNER = /^[A-Za-z0-9](?:[A-Za-z0-9-]{0,38})$/;
const GITHUB_REPO = /^[A-Za-z0-9._-]{1,100}$/;

/**
 * Resolves `name` as written in a script against `from`, the canonical URL of the module whose code runs
 * (as returned by this function, or `context:///ci.star` for the entry file).
 */
export function resolveModuleUrl(
  name: string,
  from: string,
  origin: ModuleOrigin,
  purpose: ResolveFor = 'load',
): ResolvedModule {
  let url: URL;
  try {
    url = new URL(name, from);
  } catch {
    return fail(name, 'not a valid URL or relative path');
  }
  if (url.hash !== '') return fail(name, 'URLs take no #fragment');
  switch (url.protocol) {
    case 'builtin:':
      return purpose === 'loadFile' ? fail(name, 'loadFile() cannot read builtin:/// modules') : builtin(name, url);
    case 'context:':
      return context(name, url);
    case 'github:':
      return github(name, url, currentRepository(from, origin));
    case 'https:':
      return https(name, url);
    default:
      return fail(name, `unsupported scheme, ${url.protocol.slice(0, -1)} (use builtin:, context:, github: or https:)`);
  }
}

/** The canonical URL of an address: the module's name in errors, its cache key and its base for relative names. */
export function formatModuleUrl(address: ModuleAddress): string {
  switch (address.scheme) {
    case 'builtin':
      return `builtin:///${address.name}`;
    case 'context':
      return `context:///${encodePath(address.path)}`;
    case 'github': {
      const ref = address.ref === '' ? '' : `?ref=${encodeURIComponent(address.ref)}`;
      return `github://${address.repo}.${address.owner}/${encodePath(address.path)}${ref}`;
    }
    case 'https':
      return address.url;
  }
}

function builtin(name: string, url: URL): ResolvedModule {
  if (url.host !== '') return fail(name, 'builtin URLs have no host: builtin:///NAME');
  if (url.search !== '') return fail(name, 'builtin URLs take no query');
  const module = url.pathname.replace(/^\/+/, '');
  const known = BUILTIN_MODULES.find((m) => m === module);
  if (!known) return fail(name, `unknown builtin module, ${module} (known: ${BUILTIN_MODULES.join(', ')})`);
  return done({ scheme: 'builtin', name: known });
}

function context(name: string, url: URL): ResolvedModule {
  if (url.host !== '')
    return fail(name, `context URLs have no host; for another repository write github://${url.host}${url.pathname}`);
  if (url.search !== '') return fail(name, 'context URLs take no query: the context is the commit being built');
  const path = decodePath(url.pathname);
  if (path === null) return fail(name, 'bad %-escape in the path');
  if (path === '' || path.endsWith('/')) return fail(name, 'the URL names a folder, not a file');
  return done({ scheme: 'context', path });
}

function github(name: string, url: URL, current: { owner: string; repo: string; ref: string } | null): ResolvedModule {
  if (url.host === '')
    return fail(name, 'github URLs need a repository: github://REPO.OWNER/PATH or github://REPO/PATH');
  if (url.port !== '' || url.username !== '' || url.password !== '')
    return fail(name, 'github URLs take no port or user');
  const parts = url.hostname.split('.');
  // Owners cannot contain dots, repositories can: the last part is the owner (G23 fixed, dotted repos addressable).
  const owner = parts.length === 1 ? current?.owner : parts.at(-1);
  const repo = parts.length === 1 ? parts[0] : parts.slice(0, -1).join('.');
  if (owner === undefined) return fail(name, 'github://REPO/PATH needs a repository to take the owner from');
  if (!GITHUB_OWNER.test(owner) || !repo || !GITHUB_REPO.test(repo) || repo === '.' || repo === '..') {
    return fail(name, `invalid repository "${url.host}": write github://REPO.OWNER/PATH or github://REPO/PATH`);
  }
  const unknown = [...url.searchParams.keys()].filter((k) => k !== 'ref');
  if (unknown.length > 0) return fail(name, `unknown query parameter ${unknown[0]} (only ref is accepted)`);
  const path = decodePath(url.pathname);
  if (path === null) return fail(name, 'bad %-escape in the path');
  if (path === '' || path.endsWith('/')) return fail(name, 'the URL names a folder, not a file');
  const explicit = url.searchParams.get('ref');
  const sameRepo = current !== null && sameName(current.owner, owner) && sameName(current.repo, repo);
  const ref = explicit ?? (sameRepo ? current.ref : '');
  return done({ scheme: 'github', owner, repo, path, ref });
}

function https(name: string, url: URL): ResolvedModule {
  if (url.username !== '' || url.password !== '') return fail(name, 'https URLs may not carry credentials');
  return done({ scheme: 'https', url: url.href });
}

/** The repository and ref of the module that is loading, or null for https modules (which have none). */
function currentRepository(from: string, origin: ModuleOrigin): { owner: string; repo: string; ref: string } | null {
  if (from.startsWith('context:')) return origin;
  if (!from.startsWith('github:')) return null;
  const url = new URL(from);
  const dot = url.host.lastIndexOf('.');
  return { owner: url.host.slice(dot + 1), repo: url.host.slice(0, dot), ref: url.searchParams.get('ref') ?? '' };
}

function sameName(a: string, b: string): boolean {
  return a.toLowerCase() === b.toLowerCase(); // GitHub owner and repository names are case-insensitive
}

function decodePath(pathname: string): string | null {
  try {
    return decodeURIComponent(pathname.replace(/^\/+/, ''));
  } catch {
    return null;
  }
}

function encodePath(path: string): string {
  return path.split('/').map(encodeURIComponent).join('/');
}

function done(address: ModuleAddress): ResolvedModule {
  return { ok: true, address, url: formatModuleUrl(address) };
}

function fail(name: string, why: string): ResolvedModule {
  return { ok: false, message: `invalid module URL "${name}": ${why}` };
}
