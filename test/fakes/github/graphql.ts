/**
 * POST /graphql, as GitHub's GraphQL API answers it, for the part kube-ci asks: a repository's git objects
 * (`repository.object(expression: "<rev>:<path>")` or `(oid:)`: trees with their entries, blobs with their
 * text). Every query is parsed and validated against GitHub's published schema (npm `@octokit/graphql-schema`,
 * built with `graphql`'s buildClientSchema) and executed by `graphql` itself over the fake's state, so a query
 * GitHub would refuse is refused here too, and recorded as a schema violation. Hand-written resolvers only:
 * no fake GraphQL server library models GitHub's data. Errors look like GitHub's: HTTP 200 with
 * `errors: [{ type, path, locations, message }]` (`NOT_FOUND`, `FORBIDDEN`).
 */
import {
  buildClientSchema,
  execute,
  GraphQLError,
  parse,
  validate,
  type DocumentNode,
  type GraphQLSchema,
  type IntrospectionQuery,
} from 'graphql';
import { schema as githubGraphqlSchema } from '@octokit/graphql-schema';
import { blobSha, type CommitState, type GitHubState, type RepoState, type TokenState } from './state';
import { treeSha } from './handlers/trees';
import { unauthorized, type HandlerResult } from './handlers/context';
import type { FakeRuntime } from './server';

let built: GraphQLSchema | undefined;

/** GitHub's schema, built once per process (about a second). */
function githubSchema(): GraphQLSchema {
  built ??= buildClientSchema(githubGraphqlSchema.json as IntrospectionQuery);
  return built;
}

/** GitHub's GraphQL endpoint for an installation token (faults are taken by server.ts first). */
export function graphqlAnswer(rt: FakeRuntime, body: unknown, header: string | undefined): HandlerResult {
  const credential = /^(?:token|bearer)\s+(\S+)$/i.exec(header ?? '')?.[1];
  const token = credential ? rt.state.tokens.get(credential) : undefined;
  if (!token || token.expiresAt.getTime() <= Date.now())
    return unauthorized('This endpoint requires you to be authenticated.');
  const violation = (message: string) =>
    rt.schemaViolations.push({ method: 'POST', path: '/graphql', side: 'request', message });
  return handleGraphql({ state: rt.state, token, body, violation });
}

export interface GraphqlRequest {
  state: GitHubState;
  token: TokenState;
  body: unknown;
  /** a query GitHub's schema refuses */
  violation(message: string): void;
}

/** The answer to one GraphQL request made with an installation token. */
export function handleGraphql({ state, token, body, violation }: GraphqlRequest): HandlerResult {
  const { query, variables } = (body ?? {}) as { query?: unknown; variables?: unknown };
  if (typeof query !== 'string') return { status: 400, body: { message: 'A query attribute must be specified' } };
  let document: DocumentNode;
  try {
    document = parse(query);
  } catch (error) {
    violation(`query does not parse: ${(error as Error).message}`);
    return { status: 200, body: { errors: [{ message: (error as Error).message }] } };
  }
  const invalid = validate(githubSchema(), document);
  if (invalid.length > 0) {
    violation(`query does not validate against GitHub's GraphQL schema: ${invalid.map((e) => e.message).join('; ')}`);
    return { status: 200, body: { errors: invalid.map((e) => ({ message: e.message, locations: e.locations })) } };
  }
  const result = execute({
    schema: githubSchema(),
    document,
    rootValue: { repository: (args: { owner: string; name: string }) => repositoryNode(state, token, args) },
    variableValues: (variables ?? {}) as Record<string, unknown>,
  }) as { data?: unknown; errors?: readonly GraphQLError[] };
  const errors = result.errors?.map((e) => ({
    type: (e.extensions?.['type'] as string | undefined) ?? 'INTERNAL',
    path: e.path,
    locations: e.locations,
    message: e.message,
  }));
  return { status: 200, body: { data: result.data ?? null, ...(errors?.length ? { errors } : {}) } };
}

function githubError(type: string, message: string): GraphQLError {
  return new GraphQLError(message, { extensions: { type } });
}

/** As GitHub: a repository the token cannot reach does not exist; its git objects need contents: read. */
function repositoryNode(state: GitHubState, token: TokenState, args: { owner: string; name: string }) {
  const installation = state.installations.get(token.installationId);
  const repo = state.repo(args.owner, args.name);
  const reachable =
    repo &&
    installation?.account.login.toLowerCase() === args.owner.toLowerCase() &&
    (!token.repositories || token.repositories.includes(args.name.toLowerCase()));
  if (!repo || !reachable)
    throw githubError('NOT_FOUND', `Could not resolve to a Repository with the name '${args.owner}/${args.name}'.`);
  return {
    object: (objectArgs: { expression?: string; oid?: string }) => {
      if (!token.permissions['contents']) throw githubError('FORBIDDEN', 'Resource not accessible by integration');
      return objectArgs.oid !== undefined
        ? blobByOid(repo, objectArgs.oid)
        : objectAt(state, repo, objectArgs.expression);
    },
  };
}

/** `<rev>:<path>`: the blob or tree at path in the commit rev names; null when there is none. */
function objectAt(state: GitHubState, repo: RepoState, expression = '') {
  const colon = expression.indexOf(':');
  if (colon < 0) return null;
  const commit = state.resolveCommit(repo, expression.slice(0, colon));
  if (!commit) return null;
  const path = expression.slice(colon + 1).replace(/^\/+|\/+$/g, '');
  const file = commit.files.get(path);
  if (file !== undefined) return blobNode(file);
  const prefix = path === '' ? '' : `${path}/`;
  const inside = [...commit.files.keys()].some((p) => p.startsWith(prefix));
  return inside ? treeNode(commit, path) : null;
}

function blobByOid(repo: RepoState, oid: string) {
  const content = repo.blobs.get(oid);
  return content === undefined ? null : blobNode(content);
}

function blobNode(content: string) {
  const byteSize = Buffer.byteLength(content, 'utf8');
  return { __typename: 'Blob', oid: blobSha(content), byteSize, isBinary: false, isTruncated: false, text: content };
}

/** A folder's direct entries, files and subfolders, sorted by name as git sorts them. */
function treeNode(commit: CommitState, path: string) {
  const prefix = path === '' ? '' : `${path}/`;
  const entries = new Map<string, unknown>();
  for (const [filePath, content] of commit.files) {
    if (!filePath.startsWith(prefix)) continue;
    const [name, ...below] = filePath.slice(prefix.length).split('/');
    if (!name || entries.has(name)) continue;
    const full = prefix + name;
    entries.set(
      name,
      below.length > 0
        ? {
            name,
            path: full,
            type: 'tree',
            mode: 0o40000,
            oid: treeSha(commit, full),
            size: 0,
            object: () => treeNode(commit, full),
          }
        : {
            name,
            path: full,
            type: 'blob',
            mode: 0o100644,
            oid: blobSha(content),
            size: Buffer.byteLength(content, 'utf8'),
            object: () => blobNode(content),
          },
    );
  }
  const sorted = [...entries.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([, e]) => e);
  return { __typename: 'Tree', oid: treeSha(commit, path), entries: sorted };
}
