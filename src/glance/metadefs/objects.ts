/** /v2/metadefs/namespaces/{namespace}/objects: named groups of property definitions. */
import type { GlanceTransport } from '../transport.js';
import { namespacePath, withoutReadOnly, withoutSelf } from './paths.js';
import type { MetadefObject } from './types.js';

export class ObjectsApi {
  constructor(private readonly transport: GlanceTransport) {}

  async list(namespace: string, signal?: AbortSignal): Promise<MetadefObject[]> {
    const document = await this.transport.json<{ objects?: MetadefObject[] }>('GET', namespacePath(namespace, 'objects'), { signal });
    return (document.objects ?? []).map(withoutSelf);
  }

  async get(namespace: string, name: string, signal?: AbortSignal): Promise<MetadefObject> {
    return withoutSelf(await this.transport.json<MetadefObject>('GET', namespacePath(namespace, 'objects', name), { signal }));
  }

  async create(namespace: string, fields: Record<string, unknown>, signal?: AbortSignal): Promise<MetadefObject> {
    return withoutSelf(await this.transport.json<MetadefObject>('POST', namespacePath(namespace, 'objects'), { body: { json: fields }, signal }));
  }

  /** Reads the object, puts it back changed (`name` renames it) and reads it again, as python-glanceclient does. */
  async update(namespace: string, name: string, changes: Record<string, unknown>, signal?: AbortSignal): Promise<MetadefObject> {
    const current = await this.get(namespace, name, signal);
    const document = withoutReadOnly({ ...current, ...changes }, ['schema', 'created_at', 'updated_at']);
    await this.transport.discard('PUT', namespacePath(namespace, 'objects', name), { body: { json: document }, signal });
    return this.get(namespace, String(document.name), signal);
  }

  delete(namespace: string, name: string, signal?: AbortSignal): Promise<void> {
    return this.transport.discard('DELETE', namespacePath(namespace, 'objects', name), { signal });
  }

  /** Deletes every object of the namespace. */
  deleteAll(namespace: string, signal?: AbortSignal): Promise<void> {
    return this.transport.discard('DELETE', namespacePath(namespace, 'objects'), { signal });
  }
}
