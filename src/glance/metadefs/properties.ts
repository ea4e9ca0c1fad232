/** /v2/metadefs/namespaces/{namespace}/properties: property definitions at the namespace's top level. */
import type { GlanceTransport } from '../transport.js';
import { namespacePath, withoutSelf } from './paths.js';
import type { MetadefProperty } from './types.js';

export class PropertiesApi {
  constructor(private readonly transport: GlanceTransport) {}

  /** Every property, each with `name` set to the key Glance files it under. */
  async list(namespace: string, signal?: AbortSignal): Promise<MetadefProperty[]> {
    const document = await this.transport.json<{ properties?: Record<string, MetadefProperty> }>('GET', namespacePath(namespace, 'properties'), { signal });
    return Object.entries(document.properties ?? {}).map(([name, property]) => ({ ...property, name }));
  }

  /** One property, its `name` the one asked for. */
  async get(namespace: string, name: string, signal?: AbortSignal): Promise<MetadefProperty> {
    const property = withoutSelf(await this.transport.json<MetadefProperty>('GET', namespacePath(namespace, 'properties', name), { signal }));
    return { ...property, name };
  }

  async create(namespace: string, fields: Record<string, unknown>, signal?: AbortSignal): Promise<MetadefProperty> {
    return withoutSelf(await this.transport.json<MetadefProperty>('POST', namespacePath(namespace, 'properties'), { body: { json: fields }, signal }));
  }

  /** Reads the property, puts it back changed (`name` renames it) and reads it again, as python-glanceclient does. */
  async update(namespace: string, name: string, changes: Record<string, unknown>, signal?: AbortSignal): Promise<MetadefProperty> {
    const document = { ...(await this.get(namespace, name, signal)), ...changes };
    await this.transport.discard('PUT', namespacePath(namespace, 'properties', name), { body: { json: document }, signal });
    return this.get(namespace, String(document.name), signal);
  }

  delete(namespace: string, name: string, signal?: AbortSignal): Promise<void> {
    return this.transport.discard('DELETE', namespacePath(namespace, 'properties', name), { signal });
  }

  /** Deletes every property of the namespace. */
  deleteAll(namespace: string, signal?: AbortSignal): Promise<void> {
    return this.transport.discard('DELETE', namespacePath(namespace, 'properties'), { signal });
  }
}
