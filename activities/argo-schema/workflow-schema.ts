import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Ajv2020, type ErrorObject, type ValidateFunction } from 'ajv/dist/2020.js';

/** The copy of Argo's schema shipped with kube-ci (README.md beside it says where it comes from). */
export const SHIPPED_ARGO_SCHEMA_PATH = fileURLToPath(new URL('./workflow-jsonschema.json', import.meta.url));
const WORKFLOW_DEFINITION = 'io.argoproj.workflow.v1alpha1.Workflow';

interface JsonSchemaDocument {
  $id?: string;
  definitions: Record<string, Record<string, unknown>>;
  [key: string]: unknown;
}

/** One schema error: the path of the bad value as keys (`['spec', 'templates']`) and Ajv's sentence. */
export interface ShapeError {
  keys: (string | number)[];
  message: string;
}

const compiled = new Map<string, ValidateFunction>();

/**
 * Argo's Workflow schema compiled once per process and path (compiling takes about a second; validating a
 * pipeline about a millisecond: see the measurements in the README's Security model). Shared by the
 * pipeline loader (the shipped copy) and the fake Kubernetes API server (the copy in ../shared).
 */
export function workflowSchemaValidator(path: string = SHIPPED_ARGO_SCHEMA_PATH): ValidateFunction {
  let validate = compiled.get(path);
  if (!validate) {
    const schema = JSON.parse(readFileSync(path, 'utf8')) as JsonSchemaDocument;
    // Argo's generator writes IntOrString as plain string, but the API server decodes
    // intstr.IntOrString from either JSON type (e.g. a template's `activeDeadlineSeconds: 10`).
    schema.definitions['io.k8s.apimachinery.pkg.util.intstr.IntOrString'] = { type: ['string', 'integer'] };
    // strict:false: the schema carries annotations (x-kubernetes-*) and formats (int64, byte) Ajv does not know
    const ajv = new Ajv2020({ strict: false, allErrors: true, validateFormats: false });
    const id = schema.$id ?? 'argo-workflows.json';
    ajv.addSchema({ ...schema, $id: id, oneOf: undefined });
    validate = ajv.compile({ $ref: `${id}#/definitions/${WORKFLOW_DEFINITION}` });
    compiled.set(path, validate);
  }
  return validate;
}

/** The schema errors of a Workflow object; empty when it has Argo's shape. */
export function workflowShapeErrors(workflow: unknown, path?: string): ShapeError[] {
  const validate = workflowSchemaValidator(path);
  if (validate(workflow)) return [];
  return (validate.errors ?? []).map(toShapeError);
}

function toShapeError(error: ErrorObject): ShapeError {
  const keys = error.instancePath
    .split('/')
    .slice(1)
    .map((part) => part.replaceAll('~1', '/').replaceAll('~0', '~'))
    .map((part) => (/^(0|[1-9]\d*)$/.test(part) ? Number(part) : part));
  const message =
    error.keyword === 'additionalProperties'
      ? `unknown field "${String(error.params['additionalProperty'])}"`
      : (error.message ?? error.keyword);
  return { keys, message };
}
