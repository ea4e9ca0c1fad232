/** /v2/info: the stores and import methods a cloud offers. */
import type { GlanceTransport } from './transport.js';
import type { Store } from './types.js';

export class InfoApi {
  constructor(private readonly transport: GlanceTransport) {}

  async stores(signal?: AbortSignal): Promise<Store[]> {
    const document = await this.transport.json<{ stores?: Store[] }>('GET', '/v2/info/stores', { signal });
    return document.stores ?? [];
  }
}
