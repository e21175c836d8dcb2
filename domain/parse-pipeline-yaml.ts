import jsYaml from 'js-yaml';
import { goYamlSchema } from './go-yaml-schema';
import type { ArgoWorkflow } from './types';

export interface PipelineError {
  message: string;
  /** path in the repository, e.g. `.kube-ci/ci.yaml` */
  file: string;
  line?: number;
  column?: number;
  /** `policy`: the pipeline parsed, but asks for what the operator's workflow policy refuses */
  reason?: 'policy';
}

export type ParsedPipeline = { ok: true; workflow: ArgoWorkflow } | { ok: false; error: PipelineError };

/**
 * Reads `ci.yaml` into an Argo Workflow. Like the original's universal deserializer it reads YAML 1.1
 * (Go yaml.v2 rules, a repeated key: the last one wins) and insists on `apiVersion: argoproj.io/v1alpha1`
 * and `kind: Workflow`; unlike it, errors carry the file and line.
 */
export function parsePipelineYaml(text: string, file: string): ParsedPipeline {
  let value: unknown;
  try {
    const documents = jsYaml
      .loadAll(text, undefined, { schema: goYamlSchema, json: true, filename: file })
      .filter((d) => d !== null && d !== undefined);
    if (documents.length > 1)
      return invalid(
        `failed to decode ${file}, it holds ${documents.length} YAML documents; put one Workflow in it`,
        file,
      );
    value = documents[0];
  } catch (err) {
    const yamlError = err as { reason?: string; message: string; mark?: { line: number; column: number } };
    const message = `failed to decode ${file}, ${yamlError.reason ?? yamlError.message}`;
    const mark = yamlError.mark;
    return { ok: false, error: { message, file, ...(mark ? { line: mark.line + 1, column: mark.column + 1 } : {}) } };
  }
  if (!isObject(value)) return invalid(`failed to decode ${file}, the document is not a mapping`, file);
  const apiVersion = value['apiVersion'];
  const kind = value['kind'];
  if (typeof apiVersion !== 'string' || typeof kind !== 'string') {
    return invalid(`failed to decode ${file}, Object 'Kind' or 'apiVersion' is missing`, file);
  }
  if (apiVersion !== 'argoproj.io/v1alpha1' || kind !== 'Workflow') {
    return invalid(`could not use ${apiVersion}/${kind} as workflow`, file, lineOfTopLevelKey(text, 'kind'));
  }
  if (!isObject(value['metadata'])) value['metadata'] = {};
  if (!isObject(value['spec'])) return invalid(`failed to decode ${file}, the Workflow has no spec`, file);
  return { ok: true, workflow: value as ArgoWorkflow };
}

function invalid(message: string, file: string, line?: number): ParsedPipeline {
  return { ok: false, error: { message, file, ...(line ? { line } : {}) } };
}

function lineOfTopLevelKey(text: string, key: string): number | undefined {
  const index = text.split('\n').findIndex((line) => line.startsWith(`${key}:`));
  return index < 0 ? undefined : index + 1;
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
