import { Ajv, type ErrorObject, type ValidateFunction } from 'ajv';
import addFormatsModule from 'ajv-formats';
import {
  COMPONENTS_ID,
  gitHubOpenApi,
  resolveRef,
  type OpenApiDocument,
  type OpenApiOperation,
  type OpenApiParameter,
  type OpenApiResponse,
} from './openapi-document';

export interface MatchedOperation {
  operationId: string;
  template: string;
  pathParams: Record<string, string>;
}

export interface ValidationProblem {
  operationId: string;
  where: 'path' | 'query' | 'body' | 'response';
  errors: ProblemDetail[];
}

export interface ProblemDetail {
  instancePath: string;
  message: string;
  params: Record<string, unknown>;
}

// ajv-formats is CommonJS; under ESM its default export is the module object on some loaders.
const addFormats = ((addFormatsModule as unknown as { default?: unknown }).default ?? addFormatsModule) as unknown as (
  ajv: Ajv,
) => void;

/** Params that GitHub lets carry slashes (`contents/{path}`, `git/ref/{ref}`). */
const GREEDY_PARAMS = new Set(['path', 'ref']);

interface CompiledOperation {
  pathParams: ValidateFunction;
  query: ValidateFunction;
  body: ValidateFunction | undefined;
  bodyRequired: boolean;
  responses: Map<string, ValidateFunction | null>;
}

/** Validates traffic against GitHub's OpenAPI description; every operation is compiled lazily, once. */
export class OpenApiValidator {
  private readonly doc: OpenApiDocument = gitHubOpenApi();
  private readonly ajv = newAjv(false);
  private readonly coercingAjv = newAjv(true);
  private readonly routes = buildRoutes(this.doc);
  private readonly compiled = new Map<string, CompiledOperation>();

  match(method: string, path: string): MatchedOperation | undefined {
    let best: { route: Route; params: Record<string, string> } | undefined;
    for (const route of this.routes) {
      if (route.method !== method.toLowerCase()) continue;
      const found = route.pattern.exec(path);
      if (!found || (best && best.route.literalSegments >= route.literalSegments)) continue;
      const params: Record<string, string> = {};
      route.names.forEach((name, i) => (params[name] = decodeURIComponent(found[i + 1] ?? '')));
      best = { route, params };
    }
    if (!best) return undefined;
    return { operationId: best.route.operation.operationId, template: best.route.template, pathParams: best.params };
  }

  validateRequest(
    matched: MatchedOperation,
    query: Record<string, string>,
    body: unknown,
  ): ValidationProblem | undefined {
    const compiled = this.compile(matched);
    const checks: [ValidationProblem['where'], ValidateFunction | undefined, unknown][] = [
      ['path', compiled.pathParams, { ...matched.pathParams }],
      ['query', compiled.query, { ...query }],
    ];
    if (body !== undefined || compiled.bodyRequired) checks.push(['body', compiled.body, body]);
    for (const [where, validate, value] of checks) {
      if (where === 'body' && body === undefined && compiled.bodyRequired) {
        return problem(matched, where, [{ instancePath: '', message: 'request body is required', params: {} }]);
      }
      if (validate && !validate(value)) return problem(matched, where, validate.errors ?? []);
    }
    return undefined;
  }

  /** `undefined` when valid or when the status is undocumented for an error (e.g. injected faults). */
  validateResponse(matched: MatchedOperation, status: number, body: unknown): ValidationProblem | undefined {
    const compiled = this.compile(matched);
    const key = String(status);
    if (!compiled.responses.has(key)) {
      if (status >= 400) return undefined;
      const message = `status ${status} is not documented for ${matched.operationId}`;
      return problem(matched, 'response', [{ instancePath: '', message, params: {} }]);
    }
    const validate = compiled.responses.get(key);
    if (validate && !validate(body)) return problem(matched, 'response', validate.errors ?? []);
    return undefined;
  }

  private compile(matched: MatchedOperation): CompiledOperation {
    const cached = this.compiled.get(matched.operationId);
    if (cached) return cached;
    const operation = this.routes.find((r) => r.operation.operationId === matched.operationId)!.operation;
    const params = [
      ...((this.doc.paths[matched.template]?.parameters as unknown as OpenApiParameter[]) ?? []),
      ...(operation.parameters ?? []),
    ].map((p) => resolveRef<OpenApiParameter>(this.doc, p));
    const bodySchema = operation.requestBody?.content?.['application/json']?.schema;
    const compiled: CompiledOperation = {
      pathParams: this.coercingAjv.compile(paramsSchema(params, 'path')),
      query: this.coercingAjv.compile(paramsSchema(params, 'query')),
      body: bodySchema ? this.ajv.compile(bodySchema as object) : undefined,
      bodyRequired: operation.requestBody?.required === true,
      responses: new Map(),
    };
    for (const [status, ref] of Object.entries(operation.responses)) {
      const schema = resolveRef<OpenApiResponse>(this.doc, ref).content?.['application/json']?.schema;
      compiled.responses.set(status, schema ? this.ajv.compile(schema as object) : null);
    }
    this.compiled.set(matched.operationId, compiled);
    return compiled;
  }
}

interface Route {
  method: string;
  template: string;
  pattern: RegExp;
  names: string[];
  literalSegments: number;
  operation: OpenApiOperation;
}

function buildRoutes(doc: OpenApiDocument): Route[] {
  const routes: Route[] = [];
  for (const [template, item] of Object.entries(doc.paths)) {
    const names: string[] = [];
    const source = template.replace(/[.*+?^$()|[\]\\]/g, '\\$&').replace(/\{(\w+)\}/g, (_m, name: string) => {
      names.push(name);
      return GREEDY_PARAMS.has(name) ? '(.+)' : '([^/]+)';
    });
    const literalSegments = template.split('/').filter((s) => s && !s.startsWith('{')).length;
    for (const [method, operation] of Object.entries(item)) {
      if (typeof operation !== 'object' || !('operationId' in operation)) continue;
      routes.push({ method, template, pattern: new RegExp(`^${source}$`), names, literalSegments, operation });
    }
  }
  return routes;
}

function paramsSchema(params: OpenApiParameter[], where: 'path' | 'query'): object {
  const own = params.filter((p) => p.in === where);
  return {
    type: 'object',
    properties: Object.fromEntries(own.map((p) => [p.name, p.schema ?? {}])),
    required: own.filter((p) => p.required).map((p) => p.name),
  };
}

function problem(
  matched: MatchedOperation,
  where: ValidationProblem['where'],
  errors: (ErrorObject | ProblemDetail)[],
): ValidationProblem {
  const trimmed = errors.map(({ instancePath, message, params }) => ({
    instancePath,
    message: message ?? 'invalid',
    params,
  }));
  return { operationId: matched.operationId, where, errors: trimmed };
}

function newAjv(coerceTypes: boolean): Ajv {
  const ajv = new Ajv({ strict: false, allErrors: true, logger: false, coerceTypes });
  addFormats(ajv);
  ajv.addSchema({ $id: COMPONENTS_ID, components: { schemas: gitHubOpenApi().components.schemas } });
  return ajv;
}
