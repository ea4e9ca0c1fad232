/** /v2/info: the stores and import methods a cloud offers (the API versions it speaks: versions.ts). */
import type { GlanceTransport } from './transport.js';
import type { ImportInfo, Store, StoresInfo } from './types.js';

/** One resource of GET /v2/info/usage. */
export interface QuotaUsage {
  limit: number;
  usage: number;
  [field: string]: unknown;
}

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

  /**
   * GET /v2/info/usage: the project's quotas under Keystone unified limits, keyed by resource in
   * Glance's order, e.g. {"image_count_total": {"limit": 100, "usage": 3}}; empty when the cloud
   * does not use Keystone limits.
   */
  async usage(signal?: AbortSignal): Promise<Record<string, QuotaUsage>> {
    const document = await this.transport.json<{ usage?: Record<string, QuotaUsage> }>('GET', '/v2/info/usage', { signal });
    return document.usage ?? {};
  }

  /** GET /v2/info/import. */
  importInfo(signal?: AbortSignal): Promise<ImportInfo> {
    return this.transport.json<ImportInfo>('GET', '/v2/info/import', { signal });
  }
}
