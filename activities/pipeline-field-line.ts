import { isMap, isPair, isScalar, isSeq, LineCounter, parseDocument, type Node } from 'yaml';

/**
 * The 1-based line of a field of `ci.yaml`, for the check-run annotation. js-yaml (which reads the pipeline,
 * domain/parse-pipeline-yaml.ts) keeps no positions, so the text is parsed a second time with the `yaml`
 * package, whose nodes carry ranges, only when there is something to report. A path that leaves the
 * document (a field inside a podSpecPatch string, one brought in by a `<<` merge) gives the line of the
 * deepest part that is there; undefined when not even the first key is found.
 */
export function lineOfField(text: string, keys: (string | number)[]): number | undefined {
  const lineCounter = new LineCounter();
  // 1.1 and repeated keys allowed: the same reading as js-yaml with the Go schema; the last repeated key wins
  const doc = parseDocument(text, { version: '1.1', uniqueKeys: false, lineCounter, logLevel: 'silent' });
  let node: unknown = doc.contents;
  let offset: number | undefined;
  for (const key of keys) {
    const next = child(node, key);
    if (!next) break;
    offset = next.at;
    node = next.node;
  }
  return offset === undefined ? undefined : lineCounter.linePos(offset).line;
}

function child(node: unknown, key: string | number): { node: unknown; at: number } | undefined {
  if (isMap(node)) {
    const pair = node.items.findLast((p) => isPair(p) && isScalar(p.key) && String(p.key.value) === String(key));
    const at = pair && isScalar(pair.key) ? pair.key.range?.[0] : undefined;
    return pair && at !== undefined ? { node: pair.value, at } : undefined;
  }
  if (isSeq(node) && typeof key === 'number') {
    const item = node.items[key] as Node | undefined;
    const at = item?.range?.[0];
    return item && at !== undefined ? { node: item, at } : undefined;
  }
  return undefined;
}
