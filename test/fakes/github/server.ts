import type { KeyObject } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { verifyAppJwt } from './app-jwt';
import { notFound, unauthorized, type HandlerResult } from './handlers/context';
import type { OpenApiValidator, ValidationProblem } from './openapi-validator';
import { graphqlAnswer } from './graphql';
import { routes, type Route } from './router';
import type { GitHubState, InstallationState } from './state';

export interface RecordedRequest {
  method: string;
  path: string;
  query: Record<string, string>;
  headers: Record<string, string | string[] | undefined>;
  body: unknown;
  status: number;
  operationId: string | undefined;
}

export interface SchemaViolation extends Partial<ValidationProblem> {
  method: string;
  path: string;
  /** 'request': the client sent something GitHub would refuse; 'response': the fake itself is wrong */
  side: 'request' | 'response';
  message: string;
}

export interface Fault {
  method?: string;
  path?: RegExp;
  status: 500 | 502 | 503 | 429 | 403 | 404 | 401 | 422;
  /** how many matching requests fail before the fault is used up */
  times: number;
  headers?: Record<string, string>;
  message?: string;
  /** answer the fault only after the request was carried out (its effect committed, its answer "lost") */
  afterCommit?: boolean;
}

/** Everything one request needs: shared by the HTTP pipeline and the FakeGitHub facade. */
export interface FakeRuntime {
  state: GitHubState;
  validator: OpenApiValidator;
  publicKey: KeyObject;
  baseUrl: string;
  requests: RecordedRequest[];
  schemaViolations: SchemaViolation[];
  faults: Fault[];
  latencyMs: number;
  tokenMints: number;
  /** requests so far per rate-limit owner: the App (JWT calls) or an installation id */
  rateLimitUsed: Map<string, number>;
}

/** GitHub's primary rate limit of an App and of an installation (at least 5,000 requests an hour). */
export const RATE_LIMIT = 5000;

export async function handleRequest(rt: FakeRuntime, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const url = new URL(req.url ?? '/', rt.baseUrl);
  const method = (req.method ?? 'GET').toUpperCase();
  const query = Object.fromEntries(url.searchParams);
  const raw = await readBody(req);
  if (rt.latencyMs > 0) await new Promise((resolve) => setTimeout(resolve, rt.latencyMs));
  const record: RecordedRequest = {
    method,
    path: url.pathname,
    query,
    headers: req.headers,
    body: undefined,
    status: 0,
    operationId: undefined,
  };
  rt.requests.push(record);
  const send = (result: HandlerResult) => {
    record.status = result.status;
    res.writeHead(result.status, {
      'content-type': 'application/json; charset=utf-8',
      'x-github-request-id': `FAKE:${rt.requests.length}`,
      ...result.headers,
    });
    res.end(result.body === undefined ? undefined : JSON.stringify(result.body));
  };
  let body: unknown;
  try {
    body = raw.length > 0 ? JSON.parse(raw) : undefined;
  } catch {
    return send({
      status: 400,
      body: { message: 'Problems parsing JSON', documentation_url: 'https://docs.github.com/rest' },
    });
  }
  record.body = body;
  if (method === 'POST' && url.pathname === '/graphql') {
    record.operationId = 'graphql';
    return send(takeFault(rt, method, url.pathname) ?? graphqlAnswer(rt, body, req.headers.authorization));
  }
  const matched = rt.validator.match(method, url.pathname);
  const route = matched && routes[matched.operationId];
  if (!matched || !route) {
    const message = matched
      ? `the fake does not implement ${matched.operationId}`
      : 'no such operation in the OpenAPI description';
    rt.schemaViolations.push({ method, path: url.pathname, side: 'request', message });
    return send({ status: 404, body: { message: 'Not Found', documentation_url: 'https://docs.github.com/rest' } });
  }
  record.operationId = matched.operationId;
  const fault = takeFault(rt, method, url.pathname);
  if (fault) return send(fault);
  const invalid = rt.validator.validateRequest(matched, query, body);
  if (invalid) {
    rt.schemaViolations.push({
      method,
      path: url.pathname,
      side: 'request',
      message: 'request does not match the OpenAPI description',
      ...invalid,
    });
    return send({
      status: 422,
      body: {
        message: 'Invalid request.',
        errors: invalid.errors.map(describeError),
        documentation_url: 'https://docs.github.com/rest',
      },
    });
  }
  const auth = authenticate(rt, route, req.headers.authorization, matched.pathParams);
  if ('status' in auth) return send(auth);
  const ctx = {
    state: rt.state,
    baseUrl: rt.baseUrl,
    params: matched.pathParams,
    query,
    body: (body ?? {}) as Record<string, unknown>,
    installation: auth.installation,
  };
  const handled = route.handle(ctx);
  const result = { ...(takeFault(rt, method, url.pathname, true) ?? handled) };
  result.headers = { ...rateLimitHeaders(rt, auth.installation), ...result.headers };
  if (matched.operationId === 'apps/create-installation-access-token' && result.status === 201) rt.tokenMints++;
  const wrong = rt.validator.validateResponse(matched, result.status, result.body);
  if (wrong)
    rt.schemaViolations.push({
      method,
      path: url.pathname,
      side: 'response',
      message: 'the fake answered outside the OpenAPI description',
      ...wrong,
    });
  send(result);
}

/**
 * As GitHub: the App JWT for App endpoints; an installation token for the rest, which reaches only its
 * installation's account, only the repositories it was minted for (others: 404 Not Found, as for a
 * repository one cannot see) and only what its permissions allow (403 Resource not accessible by integration).
 */
function authenticate(
  rt: FakeRuntime,
  route: Route,
  header: string | undefined,
  params: Record<string, string>,
): { installation: InstallationState | undefined } | HandlerResult {
  const credential = /^(?:token|bearer)\s+(\S+)$/i.exec(header ?? '')?.[1];
  if (!credential) return unauthorized('Requires authentication');
  if (route.auth === 'app-jwt') {
    const check = verifyAppJwt(credential, rt.publicKey, String(rt.state.appId));
    return check.ok ? { installation: undefined } : unauthorized(`'${check.reason}'`);
  }
  const token = rt.state.tokens.get(credential);
  if (!token || token.expiresAt.getTime() <= Date.now()) return unauthorized();
  const installation = rt.state.installations.get(token.installationId);
  const owner = (params.owner ?? params.org ?? '').toLowerCase();
  if (!installation || installation.account.login.toLowerCase() !== owner) {
    return unauthorized(`the token's installation cannot access ${owner}`);
  }
  if (token.repositories && params.repo !== undefined && !token.repositories.includes(params.repo.toLowerCase()))
    return notFound();
  const [permission, level] = route.needs ?? [];
  const held = permission ? token.permissions[permission] : undefined;
  if (permission && (!held || (level === 'write' && held !== 'write'))) {
    return {
      status: 403,
      body: {
        message: 'Resource not accessible by integration',
        documentation_url: 'https://docs.github.com/rest',
        status: '403',
      },
    };
  }
  return { installation };
}

/**
 * The x-ratelimit-* headers GitHub sends on every authenticated answer: one window per owner (the App's JWT
 * calls, or an installation's tokens), counting down from RATE_LIMIT; the window never resets here.
 */
function rateLimitHeaders(rt: FakeRuntime, installation: InstallationState | undefined): Record<string, string> {
  const owner = installation ? String(installation.id) : 'app';
  const used = (rt.rateLimitUsed.get(owner) ?? 0) + 1;
  rt.rateLimitUsed.set(owner, used);
  return {
    'x-ratelimit-limit': String(RATE_LIMIT),
    'x-ratelimit-remaining': String(Math.max(0, RATE_LIMIT - used)),
    'x-ratelimit-used': String(used),
    'x-ratelimit-reset': String(Math.floor(Date.now() / 1000) + 3600),
    'x-ratelimit-resource': 'core',
  };
}

function takeFault(rt: FakeRuntime, method: string, path: string, afterCommit = false): HandlerResult | undefined {
  const fault = rt.faults.find(
    (f) =>
      f.times > 0 &&
      (f.afterCommit ?? false) === afterCommit &&
      (!f.method || f.method.toUpperCase() === method) &&
      (!f.path || f.path.test(path)),
  );
  if (!fault) return undefined;
  fault.times--;
  const message = fault.message ?? (fault.status >= 500 ? 'Server Error' : `injected ${fault.status}`);
  return {
    status: fault.status,
    body: { message, documentation_url: 'https://docs.github.com/rest' },
    headers: fault.headers ?? {},
  };
}

function describeError(error: { instancePath?: string; message?: string | undefined }) {
  return { resource: 'Request', code: 'invalid', field: error.instancePath ?? '', message: error.message ?? 'invalid' };
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}
