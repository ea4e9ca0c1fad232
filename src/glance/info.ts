/** /v2/info: the stores and import methods a cloud offers (the API versions it speaks: versions.ts). */
import type { GlanceTransport } from './transport.js';
import type { ImportInfo, Store, StoresInfo } from './types.js';

export class InfoApi {
  constructor(private readonly transport: GlanceTransport) {}

  async stores(signal?: AbortSignal): Promise<Store[]> {
    const document = await this.storesInfo(signal);
    return document.stores ?? [];
  }

  /** GET /v2/info/stores as Glance sends it. */
  storesInfo(signal?: AbortSignal): Promise<StoresInfo> {
    return this.transport.json<StoresInfo>('GET', '/v2/info/stores', { signal });
  }

  /** GET /v2/info/stores/detail (admin only): each store's type and properties too. */
  storesDetail(signal?: AbortSignal): Promise<StoresInfo> {
    return this.transport.json<StoresInfo>('GET', '/v2/info/stores/detail', { signal });
  }

  /** GET /v2/info/import. */
  importInfo(signal?: AbortSignal): Promise<ImportInfo> {
    return this.transport.json<ImportInfo>('GET', '/v2/info/import', { signal });
  }
}
