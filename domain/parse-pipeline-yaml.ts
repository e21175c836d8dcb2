import { parseDocument, isMap } from 'yaml';
import type { ArgoWorkflow } from './types';

export interface PipelineError {
  message: string;
  /** path in the repository, e.g. `.kube-ci/ci.yaml` */
  file: string;
  line?: number;
  column?: number;
}

export type ParsedPipeline = { ok: true; workflow: ArgoWorkflow } | { ok: false; error: PipelineError };

/**
 * Reads `ci.yaml` into an Argo Workflow. Like the original's universal deserializer it insists on
 * `apiVersion: argoproj.io/v1alpha1` and `kind: Workflow`; unlike it, errors carry the file and line.
 */
export function parsePipelineYaml(text: string, file: string): ParsedPipeline {
  const doc = parseDocument(text, { prettyErrors: true, uniqueKeys: true });
  const first = doc.errors[0];
  if (first) {
    const pos = first.linePos?.[0];
    return {
      ok: false,
      error: { message: `failed to decode ${file}, ${firstLine(first.message)}`, file, ...position(pos) },
    };
  }
  if (!isMap(doc.contents)) return invalid(`failed to decode ${file}, the document is not a mapping`, file);
  const value = doc.toJS() as Record<string, unknown>;
  const apiVersion = value['apiVersion'];
  const kind = value['kind'];
  if (typeof apiVersion !== 'string' || typeof kind !== 'string') {
    return invalid(`failed to decode ${file}, Object 'Kind' or 'apiVersion' is missing`, file);
  }
  if (apiVersion !== 'argoproj.io/v1alpha1' || kind !== 'Workflow') {
    return invalid(`could not use ${apiVersion}/${kind} as workflow`, file, lineOf(doc, 'kind', text));
  }
  if (!isObject(value['metadata'])) value['metadata'] = {};
  if (!isObject(value['spec'])) return invalid(`failed to decode ${file}, the Workflow has no spec`, file);
  return { ok: true, workflow: value as ArgoWorkflow };
}

/** The parser's message without its position suffix and source excerpt (file and line travel separately). */
function firstLine(message: string): string {
  return (message.split('\n')[0] ?? '').replace(/ at line \d+, column \d+:?$/, '');
}

function invalid(message: string, file: string, line?: number): ParsedPipeline {
  return { ok: false, error: { message, file, ...(line ? { line } : {}) } };
}

function position(pos: { line: number; col: number } | undefined): { line?: number; column?: number } {
  return pos ? { line: pos.line, column: pos.col } : {};
}

function lineOf(doc: ReturnType<typeof parseDocument>, key: string, text: string): number | undefined {
  const node = isMap(doc.contents) ? doc.contents.items.find((p) => String((p.key as { value?: unknown })?.value) === key) : undefined;
  const offset = (node?.key as { range?: [number, number, number] } | undefined)?.range?.[0];
  return offset === undefined ? undefined : text.slice(0, offset).split('\n').length;
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
