/** /v2/metadefs/resource_types, and the associations of namespaces with them. */
import type { GlanceTransport } from '../transport.js';
import { namespacePath, RESOURCE_TYPES_PATH, withoutSelf } from './paths.js';
import type { ResourceTypeAssociation } from './types.js';

export class ResourceTypesApi {
  constructor(private readonly transport: GlanceTransport) {}

  /** Every resource type Glance knows. */
  async list(signal?: AbortSignal): Promise<ResourceTypeAssociation[]> {
    const document = await this.transport.json<{ resource_types?: ResourceTypeAssociation[] }>('GET', RESOURCE_TYPES_PATH, { signal });
    return document.resource_types ?? [];
  }

  /** The resource types a namespace is associated with, with their prefixes and targets. */
  async associations(namespace: string, signal?: AbortSignal): Promise<ResourceTypeAssociation[]> {
    const document = await this.transport.json<{ resource_type_associations?: ResourceTypeAssociation[] }>('GET', namespacePath(namespace, 'resource_types'), {
      signal,
    });
    return document.resource_type_associations ?? [];
  }

  async associate(namespace: string, fields: Record<string, unknown>, signal?: AbortSignal): Promise<ResourceTypeAssociation> {
    return withoutSelf(
      await this.transport.json<ResourceTypeAssociation>('POST', namespacePath(namespace, 'resource_types'), { body: { json: fields }, signal }),
    );
  }

  deassociate(namespace: string, resourceType: string, signal?: AbortSignal): Promise<void> {
    return this.transport.discard('DELETE', namespacePath(namespace, 'resource_types', resourceType), { signal });
  }
}
