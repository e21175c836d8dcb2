/**
 * What every started run must keep, whatever payload it came from: Temporal's id and payload limits, the
 * search attributes' sizes, and the Kubernetes/Argo name and label rules of SPEC B §21 (N8, L4).
 */
import { expect } from 'vitest';
import type { CacheVolumePlan } from '../../domain/cache-volume';
import type { ArgoWorkflow, CiTrigger } from '../../domain/types';

export interface Start {
  trigger: CiTrigger;
  runKey: string;
  workflowId: string;
  event?: Record<string, unknown>;
}

/** Temporal's default `limit.maxIDLength` and blob size error limit. */
const MAX_WORKFLOW_ID = 1000;
const MAX_INPUT_BYTES = 2 * 1024 * 1024;
/** Temporal's default limit on one search attribute value (`limit.searchAttributesSizeOfValueLimit`, 2 KB) */
const MAX_SEARCH_ATTRIBUTE_BYTES = 2 * 1024;

export const RFC1035_LABEL = /^[a-z]([-a-z0-9]*[a-z0-9])?$/;
export const WORKFLOW_NAME = /^(([A-Za-z0-9][-A-Za-z0-9.]*)?[A-Za-z0-9])?$/;
const LABEL_VALUE = /^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$/;
const DNS_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;

/** N1–N8: at most 50 characters, every dot-separated part an RFC 1035 label, the whole an Argo name. */
export function expectValidWorkflowName(name: string): void {
  expect(name.length).toBeLessThanOrEqual(50);
  expect(name).toMatch(WORKFLOW_NAME);
  for (const part of name.split('.')) expect(part).toMatch(RFC1035_LABEL);
}

/** L1–L4: a Kubernetes label value, '' allowed. */
export function expectLabelValue(value: string): void {
  expect(value.length).toBeLessThanOrEqual(63);
  expect(value).toMatch(LABEL_VALUE);
}

export function expectRunnable(start: Start, plan: { cache: CacheVolumePlan; workflow: ArgoWorkflow }): void {
  const { trigger, workflowId, event } = start;
  expect(workflowId.length).toBeLessThanOrEqual(MAX_WORKFLOW_ID);
  // URI-encoded segments (a lone surrogate would have thrown), or a cut id ending in `~<hash>`
  expect(workflowId).toMatch(/^ci\/[A-Za-z0-9\-_.!~*'()%/]+$/);
  expect(Buffer.byteLength(JSON.stringify({ trigger, event }))).toBeLessThan(MAX_INPUT_BYTES);
  for (const value of [`${trigger.repo.owner}/${trigger.repo.name}`, trigger.ref, trigger.sha, trigger.entrypoint])
    expect(Buffer.byteLength(value)).toBeLessThanOrEqual(MAX_SEARCH_ATTRIBUTE_BYTES);

  const name = plan.workflow.metadata.name!;
  expect(name).not.toBe('');
  expectValidWorkflowName(name);
  expect(name).toMatch(DNS_SUBDOMAIN);
  for (const value of Object.values(plan.workflow.metadata.labels ?? {})) expectLabelValue(value);
  if (plan.cache.kind === 'volume') {
    expect(plan.cache.name.length).toBeLessThanOrEqual(63);
    expect(plan.cache.name).toMatch(DNS_SUBDOMAIN);
    for (const value of Object.values(plan.cache.labels)) expectLabelValue(value);
  }
}
