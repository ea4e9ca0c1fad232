/** /v2/schemas/{model}: the JSON schemas Glance describes its resources with (explain). */
import { segment, type GlanceTransport } from './transport.js';

/** A schema document; `properties` keeps the server's order. */
export interface SchemaDocument {
  name?: string;
  properties?: Record<string, { description?: unknown; [field: string]: unknown }>;
  [field: string]: unknown;
}

export class SchemasApi {
  constructor(private readonly transport: GlanceTransport) {}

  /** `model` is a schema name such as `image` or `metadefs/namespace`: each part is one encoded path segment. */
  get(model: string, signal?: AbortSignal): Promise<SchemaDocument> {
    return this.transport.json<SchemaDocument>('GET', `/v2/schemas/${model.split('/').map(segment).join('/')}`, { signal });
  }
}
