import type { Connection } from '@temporalio/client';
import { SearchAttributeType } from '@temporalio/common';
import proto from '@temporalio/proto';

const { temporal } = proto;
import { allSearchAttributes } from '../workflows/search-attributes';

const indexedTypes: Record<
  string,
  (typeof temporal.api.enums.v1.IndexedValueType)[keyof typeof temporal.api.enums.v1.IndexedValueType]
> = {
  [SearchAttributeType.KEYWORD]: temporal.api.enums.v1.IndexedValueType.INDEXED_VALUE_TYPE_KEYWORD,
  [SearchAttributeType.INT]: temporal.api.enums.v1.IndexedValueType.INDEXED_VALUE_TYPE_INT,
  [SearchAttributeType.DATETIME]: temporal.api.enums.v1.IndexedValueType.INDEXED_VALUE_TYPE_DATETIME,
};

/**
 * Registers kube-ci's custom search attributes in the namespace unless they exist: the dev server, a
 * self-hosted cluster and Temporal Cloud (where the API key needs namespace admin, or register them once
 * by hand) all accept this. Safe to call from every process at every start.
 */
export async function ensureSearchAttributes(connection: Connection, namespace: string): Promise<string[]> {
  const { customAttributes } = await connection.operatorService.listSearchAttributes({ namespace });
  const missing = allSearchAttributes.filter((key) => !(key.name in (customAttributes ?? {})));
  if (missing.length === 0) return [];
  const searchAttributes = indexedSearchAttributes(missing);
  try {
    await connection.operatorService.addSearchAttributes({ namespace, searchAttributes });
  } catch (err) {
    // Another process registered them between our list and add.
    if (!/already exists/i.test(String(err))) throw err;
  }
  return missing.map((key) => key.name);
}

/** The `addSearchAttributes` argument for `keys`: name → indexed value type. */
export function indexedSearchAttributes(keys: readonly (typeof allSearchAttributes)[number][]) {
  return Object.fromEntries(
    keys.map((key) => {
      const type = indexedTypes[key.type];
      if (type === undefined) throw new Error(`no indexed type for search attribute ${key.name}`);
      return [key.name, type];
    }),
  );
}
