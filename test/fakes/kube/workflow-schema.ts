import { workflowShapeErrors } from '../../../activities/argo-schema/workflow-schema';
import type { StatusCause } from './status';
import { argoSchemaPath } from '../../support/shared-data';

/**
 * Read at test time from ../shared, not from the copy kube-ci ships (activities/argo-schema/): the fake API
 * server checks against the reference itself. Compiled by the same helper as the worker's pipeline check.
 */
export const ARGO_SCHEMA_PATH = argoSchemaPath;

/** Validates a Workflow object against Argo's JSON schema; empty when valid. */
export function validateWorkflowSchema(workflow: unknown): StatusCause[] {
  return workflowShapeErrors(workflow, ARGO_SCHEMA_PATH).map(({ keys, message }) => ({
    reason: 'FieldValueInvalid',
    message: `Invalid value: ${message}`,
    field: keys.join('.'),
  }));
}
