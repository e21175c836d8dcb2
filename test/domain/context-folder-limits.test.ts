import { describe, expect, it } from 'vitest';
import { contextFolderProblem, DEFAULT_CONTEXT_FOLDER_LIMITS } from '../../domain/context-folder-limits';

const listing = (files: Record<string, number>, truncated = false) => ({
  files: new Map(Object.entries(files)),
  truncated,
});
const limits = { maxFiles: 3, maxBytes: 100, maxDepth: 1 };

describe('contextFolderProblem', () => {
  it('defaults to 200 files, 4 MiB and 8 folders deep', () => {
    expect(DEFAULT_CONTEXT_FOLDER_LIMITS).toEqual({ maxFiles: 200, maxBytes: 4 * 1024 * 1024, maxDepth: 8 });
  });

  it('accepts a folder at each limit', () => {
    expect(contextFolderProblem(listing({ a: 50, 'lib/b': 40, c: 10 }), limits, '.kube-ci')).toBeUndefined();
  });

  it('names the count, the limit and its setting for too many files, or a truncated listing', () => {
    expect(contextFolderProblem(listing({ a: 1, b: 1, c: 1, d: 1 }), limits, '.kube-ci')).toBe(
      '.kube-ci/ holds 4 files, more than the 3 a pipeline may have (setting KUBECI_CONTEXT_MAX_FILES / ciContextLimits.maxFiles); nothing was read',
    );
    expect(contextFolderProblem(listing({ a: 1 }, true), limits, '.kube-ci')).toMatch(/holds more than 1 files/);
  });

  it('names the total for too many bytes and the deepest path for too deep a folder', () => {
    expect(contextFolderProblem(listing({ a: 60, b: 41 }), limits, 'ci')).toBe(
      'ci/ holds 101 bytes of files, more than the 100 a pipeline may have (setting KUBECI_CONTEXT_MAX_BYTES / ciContextLimits.maxBytes); nothing was read',
    );
    expect(contextFolderProblem(listing({ 'lib/x/y.star': 1 }), limits, '.kube-ci')).toBe(
      '.kube-ci/lib/x/y.star is 2 folders deep, more than the 1 a pipeline may nest (setting KUBECI_CONTEXT_MAX_DEPTH / ciContextLimits.maxDepth); nothing was read',
    );
  });
});
