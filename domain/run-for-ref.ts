import { Annotation, annotationKey } from './annotation-key';
import { parseBool } from './parse-bool';
import type { ArgoWorkflow, RefType } from './types';

/** Whether the pipeline wants to run for this kind of ref, and any warning about bad annotation values. */
export interface RunForRefResult {
  run: boolean;
  warnings: string[];
}

/**
 * `workflow.go: runBranchOrTag` (SPEC B 7.3): `runForBranch` (default true) for branches,
 * `runForTag` (default false) for tags, read from the pipeline's own annotations with Go
 * `ParseBool` values. An invalid value is ignored (the default holds) and reported as a warning.
 */
export function runForRef(workflow: ArgoWorkflow, refType: RefType, annotationPrefix: string): RunForRefResult {
  const name = refType === 'tag' ? Annotation.runForTag : Annotation.runForBranch;
  const fallback = refType !== 'tag';
  const key = annotationKey(annotationPrefix, name);
  const raw = workflow.metadata.annotations?.[key];
  if (raw === undefined) return { run: fallback, warnings: [] };
  const parsed = parseBool(raw);
  if (parsed === undefined)
    return { run: fallback, warnings: [`ignoring annotation ${key}: "${raw}" is not a boolean`] };
  return { run: parsed, warnings: [] };
}
