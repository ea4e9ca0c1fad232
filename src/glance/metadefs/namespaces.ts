/** /v2/metadefs/namespaces: the namespaces that group metadata definitions. */
import type { GlanceTransport } from '../transport.js';
import { NAMESPACES_PATH, namespacePath, withoutReadOnly, withoutSelf } from './paths.js';
import type { Namespace, NamespaceListFilters } from './types.js';

export const DEFAULT_NAMESPACE_PAGE_SIZE = 20;

interface NamespacePage {
  namespaces?: Namespace[];
  next?: string;
}

export class NamespacesApi {
  constructor(private readonly transport: GlanceTransport) {}

  /** Every namespace matching the filters, following `next` links. */
  async *list(filters: NamespaceListFilters, options: { pageSize?: number; signal?: AbortSignal } = {}): AsyncGenerator<Namespace> {
    const { signal } = options;
    let page = await this.transport.json<NamespacePage>('GET', NAMESPACES_PATH, { query: namespaceListQuery(filters, options.pageSize), signal });
    for (;;) {
      yield* (page.namespaces ?? []).map(withoutSelf);
      if (!page.next) {
        return;
      }
      const response = await this.transport.requestLink('GET', page.next, { signal });
      page = await response.json<NamespacePage>();
    }
  }

  /** One namespace with its properties, objects, tags and associations; with `resourceType`, property names carry its prefix. */
  async get(namespace: string, options: { resourceType?: string; signal?: AbortSignal } = {}): Promise<Namespace> {
    const query: [string, string][] = options.resourceType === undefined ? [] : [['resource_type', options.resourceType]];
    return withoutSelf(await this.transport.json<Namespace>('GET', namespacePath(namespace), { query, signal: options.signal }));
  }

  /** POST: a new namespace, or a whole namespace document with its definitions (md-namespace-import). */
  async create(document: Record<string, unknown>, signal?: AbortSignal): Promise<Namespace> {
    return withoutSelf(await this.transport.json<Namespace>('POST', NAMESPACES_PATH, { body: { json: document }, signal }));
  }

  /**
   * Changes fields of a namespace (`namespace` renames it), as python-glanceclient does: reads it,
   * puts it back changed, and reads it again under its (new) name, since PUT answers without the
   * namespace's definitions.
   */
  async update(namespace: string, changes: Record<string, unknown>, signal?: AbortSignal): Promise<Namespace> {
    const current = await this.get(namespace, { signal });
    const document = withoutReadOnly({ ...current, ...changes }, ['schema', 'created_at', 'updated_at']);
    await this.transport.discard('PUT', namespacePath(namespace), { body: { json: document }, signal });
    return this.get(String(document.namespace), { signal });
  }

  /** Deletes the namespace and everything in it. */
  delete(namespace: string, signal?: AbortSignal): Promise<void> {
    return this.transport.discard('DELETE', namespacePath(namespace), { signal });
  }
}

/** python-glanceclient's query, in its order: resource_types (comma-joined), visibility, limit. */
export function namespaceListQuery(filters: NamespaceListFilters, pageSize: number | undefined): [string, string][] {
  const query: [string, string][] = [];
  if (filters.resourceTypes !== undefined && filters.resourceTypes.length > 0) {
    query.push(['resource_types', filters.resourceTypes.join(',')]);
  }
  if (filters.visibility !== undefined) {
    query.push(['visibility', filters.visibility]);
  }
  // Like the reference, a page size of 0 means the default.
  query.push(['limit', String(pageSize || DEFAULT_NAMESPACE_PAGE_SIZE)]);
  return query;
}
