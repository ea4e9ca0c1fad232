/** The /v2/metadefs URLs, every name encoded as one path segment. */
import { segment } from '../transport.js';

export const NAMESPACES_PATH = '/v2/metadefs/namespaces';
export const RESOURCE_TYPES_PATH = '/v2/metadefs/resource_types';

/** /v2/metadefs/namespaces/{namespace}, then /{collection}, then /{name}: as many parts as given. */
export function namespacePath(namespace: string, collection?: 'objects' | 'properties' | 'tags' | 'resource_types', name?: string): string {
  const base = `${NAMESPACES_PATH}/${segment(namespace)}`;
  if (collection === undefined) {
    return base;
  }
  return name === undefined ? `${base}/${collection}` : `${base}/${collection}/${segment(name)}`;
}

/** A record as the client shows it: Glance's `self` link dropped, as python-glanceclient drops it. */
export function withoutSelf<T extends Record<string, unknown>>(record: T): T {
  const { self: _self, ...rest } = record;
  return rest as T;
}

/** A record as PUT takes it back: without what Glance sets itself. */
export function withoutReadOnly<T extends Record<string, unknown>>(record: T, readOnly: readonly string[]): Record<string, unknown> {
  return Object.fromEntries(Object.entries(record).filter(([key]) => !readOnly.includes(key)));
}
