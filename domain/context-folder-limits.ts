/**
 * Bounds of the CI context folder (`.kube-ci/`), checked on its listing before any file in it is read
 * (issue "Safe to expose", item 4): a folder of 10,000 files fails at once instead of costing 10,000 reads.
 */

export interface ContextFolderLimits {
  /** files below the folder, subfolders included */
  maxFiles: number;
  /** their sizes added up */
  maxBytes: number;
  /** subfolder nesting: 0 = files only at the top, 1 = `lib/x.star`, … */
  maxDepth: number;
}

export const DEFAULT_CONTEXT_FOLDER_LIMITS: ContextFolderLimits = {
  maxFiles: 200,
  maxBytes: 4 * 1024 * 1024,
  maxDepth: 8,
};

export interface ContextFolderListing {
  /** path relative to the folder → size in bytes */
  files: ReadonlyMap<string, number>;
  /** GitHub cut the listing short (more than it lists in one tree) */
  truncated: boolean;
}

/** Why the folder is too big to read, naming the limit and its setting; undefined when it is within bounds. */
export function contextFolderProblem(
  listing: ContextFolderListing,
  limits: ContextFolderLimits,
  contextPath: string,
): string | undefined {
  const count = listing.files.size;
  const where = `${contextPath}/`;
  if (listing.truncated || count > limits.maxFiles) {
    const counted = listing.truncated ? `more than ${count}` : String(count);
    return `${where} holds ${counted} files, more than the ${limits.maxFiles} a pipeline may have (setting KUBECI_CONTEXT_MAX_FILES / ciContextLimits.maxFiles); nothing was read`;
  }
  let bytes = 0;
  let depth = 0;
  let deepest = '';
  for (const [path, size] of listing.files) {
    bytes += size;
    const nesting = path.split('/').length - 1;
    if (nesting > depth) [depth, deepest] = [nesting, path];
  }
  if (bytes > limits.maxBytes)
    return `${where} holds ${bytes} bytes of files, more than the ${limits.maxBytes} a pipeline may have (setting KUBECI_CONTEXT_MAX_BYTES / ciContextLimits.maxBytes); nothing was read`;
  if (depth > limits.maxDepth)
    return `${where}${deepest} is ${depth} folders deep, more than the ${limits.maxDepth} a pipeline may nest (setting KUBECI_CONTEXT_MAX_DEPTH / ciContextLimits.maxDepth); nothing was read`;
  return undefined;
}
