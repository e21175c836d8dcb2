import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';

/** The parts of GitHub's OpenAPI 3.0.3 description the fake reads. */
export interface OpenApiDocument {
  paths: Record<string, Record<string, OpenApiOperation>>;
  components: {
    schemas: Record<string, unknown>;
    parameters: Record<string, OpenApiParameter>;
    responses: Record<string, OpenApiResponse>;
    examples: Record<string, { value?: unknown }>;
  };
}

export interface OpenApiOperation {
  operationId: string;
  parameters?: (OpenApiParameter | { $ref: string })[];
  requestBody?: { required?: boolean; content?: Record<string, { schema?: unknown }> };
  responses: Record<string, OpenApiResponse | { $ref: string }>;
}

export interface OpenApiParameter {
  name: string;
  in: 'path' | 'query' | 'header' | 'cookie';
  required?: boolean;
  schema?: unknown;
}

export interface OpenApiResponse {
  content?: Record<string, { schema?: unknown; examples?: Record<string, { $ref?: string }> }>;
}

/** Ajv id under which `components.schemas` is registered; refs are rewritten to point at it. */
export const COMPONENTS_ID = 'github-components';

let loaded: OpenApiDocument | undefined;

/** Parsed once per process (13 MB, ~0.2 s) and normalised for Ajv: nullable → type unions, refs → COMPONENTS_ID. */
export function gitHubOpenApi(): OpenApiDocument {
  if (!loaded) {
    const require = createRequire(import.meta.url);
    const file = require.resolve('@octokit/openapi/generated/api.github.com.json');
    const doc = JSON.parse(readFileSync(file, 'utf8')) as OpenApiDocument;
    normaliseSchemas(doc.components.schemas);
    normaliseSchemas(doc.paths);
    normaliseSchemas(doc.components.parameters);
    normaliseSchemas(doc.components.responses);
    loaded = doc;
  }
  return loaded;
}

/** Resolves a local `#/components/...` reference (parameters, responses, examples). */
export function resolveRef<T>(doc: OpenApiDocument, value: T | { $ref: string }): T {
  if (typeof value === 'object' && value !== null && '$ref' in value && typeof value.$ref === 'string') {
    let node: unknown = doc;
    for (const part of value.$ref.replace(/^#\//, '').split('/')) node = (node as Record<string, unknown>)[part];
    return node as T;
  }
  return value as T;
}

const SKIPPED_KEYS = new Set(['example', 'examples']);

/**
 * OpenAPI 3.0 `nullable: true` is not JSON Schema: turn it into `type: [t, 'null']` (plus `null` in an enum),
 * or wrap composite schemas in `anyOf: [schema, {type: 'null'}]`. Schema refs get the components id prefix.
 */
function normaliseSchemas(node: unknown): void {
  if (Array.isArray(node)) {
    node.forEach((item, index) => {
      normaliseSchemas(item);
      node[index] = withNullable(item);
    });
    return;
  }
  if (typeof node !== 'object' || node === null) return;
  const record = node as Record<string, unknown>;
  for (const [key, value] of Object.entries(record)) {
    if (SKIPPED_KEYS.has(key)) continue;
    if (key === '$ref' && typeof value === 'string' && value.startsWith('#/components/schemas/')) {
      record[key] = COMPONENTS_ID + value;
      continue;
    }
    normaliseSchemas(value);
    record[key] = withNullable(value);
  }
}

function withNullable(value: unknown): unknown {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return value;
  const schema = value as Record<string, unknown>;
  if (schema.nullable !== true) return value;
  const { nullable: _ignored, ...rest } = schema;
  const composite = '$ref' in rest || 'allOf' in rest || 'anyOf' in rest || 'oneOf' in rest;
  if (typeof rest.type === 'string' && !composite) {
    const enumValues = Array.isArray(rest.enum) && !rest.enum.includes(null) ? [...rest.enum, null] : rest.enum;
    return { ...rest, type: [rest.type, 'null'], ...(enumValues ? { enum: enumValues } : {}) };
  }
  return { anyOf: [rest, { type: 'null' }] };
}
