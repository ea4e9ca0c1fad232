/** /v2/info: the stores and import methods a cloud offers; /versions: the API versions it speaks. */
import type { GlanceTransport } from './transport.js';
import type { ApiVersion, ImportInfo, Store, StoresInfo } from './types.js';

/** One resource of GET /v2/info/usage. */
export interface QuotaUsage {
  limit: number;
  usage: number;
  [field: string]: unknown;
}

/** What GET /versions may call a version that can be used (glanceclient's has_version). */
const USABLE_VERSION_STATUSES = ['SUPPORTED', 'CURRENT', 'EXPERIMENTAL'];

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

  /** GET /versions (Glance answers 300 Multiple Choices). */
  async versions(signal?: AbortSignal): Promise<ApiVersion[]> {
    const document = await this.transport.json<{ versions?: ApiVersion[] }>('GET', '/versions', { signal });
    return document.versions ?? [];
  }

  /** Whether GET /versions lists `id` (e.g. v2.12) as usable, as glanceclient's has_version decides. */
  async hasVersion(id: string, signal?: AbortSignal): Promise<boolean> {
    const found = (await this.versions(signal)).find((version) => version.id === id);
    return found !== undefined && USABLE_VERSION_STATUSES.includes(found.status);
  }
}
