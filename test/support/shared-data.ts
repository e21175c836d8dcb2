import { fileURLToPath } from 'node:url';

/**
 * Argo's schema and examples, read at test time from `../shared/data/argo/` beside the project (never
 * copied into it). CI lays a copy of shared/ beside its clone, so the path is relative to the project.
 */
export const argoDataDir = fileURLToPath(new URL('../../../shared/data/argo/', import.meta.url));
export const argoExamplesDir = `${argoDataDir}examples`;
export const argoSchemaPath = `${argoDataDir}workflow-jsonschema.json`;
export const argoCrdPath = `${argoDataDir}crd-workflows.yaml`;
