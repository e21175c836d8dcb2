import { createHash } from 'node:crypto';
import type { ArgoWorkflow } from '../domain/types';

/** SHA-256 of a pipeline's JSON: names a large pipeline that stays out of workflow history. */
export function pipelineDigest(workflow: ArgoWorkflow): string {
  return createHash('sha256').update(JSON.stringify(workflow)).digest('hex');
}

/**
 * Large rendered pipelines kept in the worker's memory between `loadPipeline` and `submitArgoWorkflow`,
 * by digest. Losing them (a restart, another worker) costs a re-render at the same commit, nothing else.
 */
export class PipelineStore {
  private readonly entries = new Map<string, ArgoWorkflow>();

  constructor(private readonly capacity = 32) {}

  put(digest: string, workflow: ArgoWorkflow): void {
    this.entries.delete(digest);
    this.entries.set(digest, workflow);
    while (this.entries.size > this.capacity) this.entries.delete(this.entries.keys().next().value as string);
  }

  get(digest: string): ArgoWorkflow | undefined {
    return this.entries.get(digest);
  }
}
