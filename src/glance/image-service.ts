/**
 * The image operations that work on both Image API versions. Commands that python-glanceclient
 * also offers for v1 (create, list, show, update, upload, delete, download) use only this, so
 * one command implementation serves a v2 cloud and a pre-Rocky v1 one.
 *
 * Records are always shaped as v2 records (visibility, protected, custom properties at the top
 * level); the v1 implementation converts on the way in and out.
 */
import type { ImageData, UploadOptions } from './images.js';
import type { Image, ImageListFilters, PatchOperation } from './types.js';

export interface ImageListOptions {
  pageSize?: number;
  limit?: number;
  signal?: AbortSignal;
}

export interface ImageService {
  readonly apiVersion: 1 | 2;
  /** Every matching image, following pages, stopping after `limit`. */
  list(filters: ImageListFilters, options?: ImageListOptions): AsyncGenerator<Image>;
  /** v2: by id only (as python-glanceclient); v1: by name or id. */
  get(idOrName: string, signal?: AbortSignal): Promise<Image>;
  create(fields: Record<string, unknown>, signal?: AbortSignal): Promise<Image>;
  update(id: string, operations: PatchOperation[], signal?: AbortSignal): Promise<Image>;
  delete(id: string, signal?: AbortSignal): Promise<void>;
  upload(id: string, data: AsyncIterable<Uint8Array>, options?: UploadOptions): Promise<void>;
  /** The data from byte `from` on (default 0); resolves undefined when the image has no data. */
  download(id: string, signal?: AbortSignal, from?: number): Promise<ImageData | undefined>;
}
