/**
 * /v2/cache (Image API v2.14): the image cache of the one Glance node the request reaches, and
 * the queue of images waiting to be cached there.
 */
import { GlanceError } from './errors.js';
import type { VersionsApi } from './versions.js';
import { segment, type GlanceTransport } from './transport.js';

/** `--target` of cache-clear: both is no header, the others name what to empty. */
export const CACHE_CLEAR_TARGETS = ['both', 'cache', 'queue'] as const;
export type CacheClearTarget = (typeof CACHE_CLEAR_TARGETS)[number];

/** One entry of `cached_images`: times are Unix timestamps (floats), 0 for never accessed. */
export interface CachedImage {
  image_id: string;
  last_accessed: number;
  last_modified: number;
  size: number;
  hits: number;
}

/** GET /v2/cache as Glance sends it: `cached_images` entries, `queued_images` ids; other keys are lists of ids too. */
export type CacheState = Record<string, unknown[]>;

const CACHE_API_VERSION = 'v2.14';

export class CacheApi {
  /** Whether GET /versions offers v2.14, asked at most once. */
  private supported: Promise<boolean> | undefined;

  constructor(
    private readonly transport: GlanceTransport,
    private readonly versions: VersionsApi,
  ) {}

  state(signal?: AbortSignal): Promise<CacheState> {
    return this.call(() => this.transport.json<CacheState>('GET', '/v2/cache', { signal }), signal);
  }

  /** PUT /v2/cache/{id}: the node fetches the (active) image into its cache in the background. */
  queue(imageId: string, signal?: AbortSignal): Promise<void> {
    return this.call(() => this.transport.discard('PUT', `/v2/cache/${segment(imageId)}`, { signal }), signal);
  }

  /** DELETE /v2/cache/{id}: out of the cache and the queue. */
  delete(imageId: string, signal?: AbortSignal): Promise<void> {
    return this.call(() => this.transport.discard('DELETE', `/v2/cache/${segment(imageId)}`, { signal }), signal);
  }

  clear(target: CacheClearTarget, signal?: AbortSignal): Promise<void> {
    const headers: Record<string, string> = target === 'both' ? {} : { 'x-image-cache-clear-target': target };
    return this.call(() => this.transport.discard('DELETE', '/v2/cache', { headers, signal }), signal);
  }

  /**
   * python-glanceclient asks GET /versions for v2.14 before every cache call. Asking only when
   * Glance answers 404 tells the same cases apart (no cache API, or no such image) with one
   * request less; the error then reads as the reference's HTTPNotImplemented.
   */
  private async call<T>(request: () => Promise<T>, signal: AbortSignal | undefined): Promise<T> {
    try {
      return await request();
    } catch (error) {
      if (error instanceof GlanceError && error.status === 404) {
        this.supported ??= this.versions.has(CACHE_API_VERSION, signal);
        if (!(await this.supported)) {
          throw new GlanceError(501, `Glance does not support image caching API (${CACHE_API_VERSION})`, undefined);
        }
      }
      throw error;
    }
  }
}
