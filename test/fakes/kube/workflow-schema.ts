import { readFileSync } from 'node:fs';
import { Ajv2020, type ErrorObject, type ValidateFunction } from 'ajv/dist/2020';
import type { StatusCause } from './status';
import { argoSchemaPath } from '../../support/shared-data';

/** Read at test time, never copied: the schema Argo publishes for its CRDs. */
export const ARGO_SCHEMA_PATH = argoSchemaPath;
const WORKFLOW_DEFINITION = 'io.argoproj.workflow.v1alpha1.Workflow';

interface JsonSchemaDocument {
  $id?: string;
  definitions: Record<string, Record<string, unknown>>;
  [key: string]: unknown;
}

let compiled: ValidateFunction | undefined;

function loadSchema(path: string): JsonSchemaDocument {
  const schema = JSON.parse(readFileSync(path, 'utf8')) as JsonSchemaDocument;
  // Argo's generator writes IntOrString as plain string, but the API server decodes
  // intstr.IntOrString from either JSON type (e.g. a template's `activeDeadlineSeconds: 10`).
  schema.definitions['io.k8s.apimachinery.pkg.util.intstr.IntOrString'] = { type: ['string', 'integer'] };
  return schema;
}

function workflowValidator(): ValidateFunction {
  if (!compiled) {
    const schema = loadSchema(ARGO_SCHEMA_PATH);
    // strict:false: the schema carries annotations (x-kubernetes-*) and formats (int64, byte) Ajv does not know
    const ajv = new Ajv2020({ strict: false, allErrors: true, validateFormats: false });
    const id = schema.$id ?? 'argo-workflows.json';
    ajv.addSchema({ ...schema, $id: id, oneOf: undefined });
    compiled = ajv.compile({ $ref: `${id}#/definitions/${WORKFLOW_DEFINITION}` });
  }
  return compiled;
}

function toCause(error: ErrorObject): StatusCause {
  const field = error.instancePath.replace(/^\//, '').replaceAll('/', '.');
  const detail =
    error.keyword === 'additionalProperties'
      ? `unknown field "${String(error.params.additionalProperty)}"`
      : (error.message ?? error.keyword);
  return { reason: 'FieldValueInvalid', message: `Invalid value: ${detail}`, field };
}

/** Validates a Workflow object against Argo's JSON schema; empty when valid. */
export function validateWorkflowSchema(workflow: unknown): StatusCause[] {
  const validate = workflowValidator();
  if (validate(workflow)) return [];
  return (validate.errors ?? []).map(toCause);
}
