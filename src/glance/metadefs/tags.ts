/** /v2/metadefs/namespaces/{namespace}/tags: the tags a namespace offers. */
import type { GlanceTransport } from '../transport.js';
import { namespacePath, withoutReadOnly, withoutSelf } from './paths.js';
import type { MetadefTag } from './types.js';

export class TagsApi {
  constructor(private readonly transport: GlanceTransport) {}

  async list(namespace: string, signal?: AbortSignal): Promise<MetadefTag[]> {
    const document = await this.transport.json<{ tags?: MetadefTag[] }>('GET', namespacePath(namespace, 'tags'), { signal });
    return document.tags ?? [];
  }

  async get(namespace: string, name: string, signal?: AbortSignal): Promise<MetadefTag> {
    return withoutSelf(await this.transport.json<MetadefTag>('GET', namespacePath(namespace, 'tags', name), { signal }));
  }

  /** POST /tags/{name}: the name is the whole request. */
  async create(namespace: string, name: string, signal?: AbortSignal): Promise<MetadefTag> {
    return withoutSelf(await this.transport.json<MetadefTag>('POST', namespacePath(namespace, 'tags', name), { signal }));
  }

  /** Replaces the namespace's tags with these, or adds them to the ones it has (`append`); returns what Glance created. */
  async createMany(namespace: string, names: readonly string[], options: { append: boolean; signal?: AbortSignal }): Promise<MetadefTag[]> {
    const document = await this.transport.json<{ tags?: MetadefTag[] }>('POST', namespacePath(namespace, 'tags'), {
      body: { json: { tags: names.map((name) => ({ name })) } },
      headers: options.append ? { 'x-openstack-append': 'True' } : {},
      signal: options.signal,
    });
    return document.tags ?? [];
  }

  /** Renames a tag: reads it, puts it back renamed, and reads it under its new name, as python-glanceclient does. */
  async rename(namespace: string, name: string, newName: string, signal?: AbortSignal): Promise<MetadefTag> {
    const document = withoutReadOnly({ ...(await this.get(namespace, name, signal)), name: newName }, ['created_at', 'updated_at']);
    await this.transport.discard('PUT', namespacePath(namespace, 'tags', name), { body: { json: document }, signal });
    return this.get(namespace, newName, signal);
  }

  delete(namespace: string, name: string, signal?: AbortSignal): Promise<void> {
    return this.transport.discard('DELETE', namespacePath(namespace, 'tags', name), { signal });
  }

  /** Deletes every tag of the namespace. */
  deleteAll(namespace: string, signal?: AbortSignal): Promise<void> {
    return this.transport.discard('DELETE', namespacePath(namespace, 'tags'), { signal });
  }
}
