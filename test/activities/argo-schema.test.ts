import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { SHIPPED_ARGO_SCHEMA_PATH, workflowSchemaValidator } from '../../activities/argo-schema/workflow-schema';
import { argoSchemaPath } from '../support/shared-data';

describe('the Argo schema kube-ci ships', () => {
  it('is byte for byte the one in ../shared/data/argo', () => {
    const shipped = readFileSync(SHIPPED_ARGO_SCHEMA_PATH);
    const reference = readFileSync(argoSchemaPath);
    expect(shipped.length).toBe(reference.length);
    expect(shipped.equals(reference)).toBe(true);
  });

  it('is compiled once per process and path', () => {
    expect(workflowSchemaValidator()).toBe(workflowSchemaValidator(SHIPPED_ARGO_SCHEMA_PATH));
  });
});
