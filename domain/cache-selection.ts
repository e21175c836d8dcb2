import { Annotation, annotationKey } from './annotation-key';
import { labelSafe } from './label-safe';
import type { RepoRef } from './types';

/** Whose caches to clear: all of a repository's, or one branch's. */
export interface CacheTarget {
  repo: RepoRef;
  /** only branch-scope caches whose branch annotation is exactly this */
  branch?: string;
}

/** What the selection needs of a listed PVC. */
export interface ListedVolume {
  name: string;
  annotations: Record<string, string>;
}

/** The two settings the labels and annotations of a cache volume depend on. */
export interface CacheLabelSettings {
  managedBy: string;
  annotationPrefix: string;
}

/**
 * `pvc.go: deletePVC`'s label selector (SPEC B 10.6): `managedBy`, `org` and `repo` (labelSafe), plus
 * `scope=branch` for a branch. Label values made by labelSafe are always valid in a selector, and the branch
 * itself is never in it, so no branch name can break the selection (D3).
 */
export function cacheLabelSelector(settings: CacheLabelSettings, target: CacheTarget): string {
  const parts = [
    `managedBy=${settings.managedBy}`,
    `org=${labelSafe(target.repo.owner)}`,
    `repo=${labelSafe(target.repo.name)}`,
  ];
  if (target.branch !== undefined) parts.push('scope=branch');
  return parts.join(',');
}

/**
 * The volumes of a listing (by {@link cacheLabelSelector}) that belong to the target, by name. With a branch,
 * only those whose `<prefix>/branch` annotation equals it exactly (D1). Unlike the original, a volume whose
 * `<prefix>/org` or `<prefix>/repo` annotation names another repository is kept: labelSafe folds case and
 * punctuation, so `My.Repo` and `my-repo` share labels.
 */
export function cachesToClear(settings: CacheLabelSettings, target: CacheTarget, listed: ListedVolume[]): string[] {
  const key = (name: string) => annotationKey(settings.annotationPrefix, name);
  const sameAs = (annotations: Record<string, string>, name: string, value: string) =>
    annotations[key(name)] === undefined || annotations[key(name)] === value;
  return listed
    .filter(
      ({ annotations }) =>
        sameAs(annotations, Annotation.org, target.repo.owner) &&
        sameAs(annotations, Annotation.repo, target.repo.name) &&
        (target.branch === undefined || annotations[key(Annotation.branch)] === target.branch),
    )
    .map((volume) => volume.name);
}

/**
 * The line told to whoever pressed a Clear Cache button (the original said nothing, G36):
 * `Cache cleared by @login: deleted ci-branch-… (2 volumes)`, or that no cache volume was found.
 */
export function cacheClearedLine(sender: string, deleted: string[]): string {
  const who = sender === '' ? 'Cache cleared' : `Cache cleared by @${sender}`;
  if (deleted.length === 0) return `${who}: no cache volume found`;
  const count = deleted.length === 1 ? '1 volume' : `${deleted.length} volumes`;
  return `${who}: deleted ${deleted.join(', ')} (${count})`;
}

const CLEARED_LINE = /\n\nCache cleared(?: by @[^\n]*)?: [^\n]*$/;

/**
 * The pressed check run's summary with the cleared line under it. A line from an earlier press is replaced,
 * so pressing again does not grow the summary.
 */
export function summaryWithClearedLine(summary: string, line: string): string {
  const base = summary.replace(CLEARED_LINE, '');
  if (base === '' || base.startsWith('Cache cleared')) return line;
  return `${base}\n\n${line}`;
}
