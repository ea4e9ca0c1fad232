/** The metadata definitions catalog (/v2/metadefs): namespaces and what they hold. */
import type { GlanceTransport } from '../transport.js';
import { NamespacesApi } from './namespaces.js';
import { ObjectsApi } from './objects.js';
import { PropertiesApi } from './properties.js';
import { ResourceTypesApi } from './resource-types.js';
import { TagsApi } from './tags.js';

export type * from './types.js';

export class MetadefsApi {
  readonly namespaces: NamespacesApi;
  readonly objects: ObjectsApi;
  readonly properties: PropertiesApi;
  readonly resourceTypes: ResourceTypesApi;
  readonly tags: TagsApi;

  constructor(transport: GlanceTransport) {
    this.namespaces = new NamespacesApi(transport);
    this.objects = new ObjectsApi(transport);
    this.properties = new PropertiesApi(transport);
    this.resourceTypes = new ResourceTypesApi(transport);
    this.tags = new TagsApi(transport);
  }
}
