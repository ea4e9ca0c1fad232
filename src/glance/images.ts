/** /v2/images and everything under it. */
import type { Readable } from 'node:stream';
import { CliError } from '../errors.js';
import type { HttpResponse } from '../http/client.js';
import { GlanceError } from './errors.js';
import type { ImageService } from './image-service.js';
import { segment, type GlanceTransport } from './transport.js';
import type { Image, ImageListFilters, ImagePage, ImportRequest, PatchOperation, Task } from './types.js';

export const SORT_KEYS = ['name', 'status', 'container_format', 'disk_format', 'size', 'id', 'created_at', 'updated_at'] as const;
export const SORT_DIRECTIONS = ['asc', 'desc'] as const;
export const DEFAULT_PAGE_SIZE = 200;

/** An image's data as it arrives: a byte stream plus what the server said about it. */
export interface ImageData {
  body: Readable;
  /** The bytes `body` holds, when announced. */
  contentLength?: number;
  contentMd5?: string;
  /** The byte of the image `body` starts at: 0, unless a Range request was honoured (206). */
  start: number;
  /** What a failure while reading `body` means, in one line naming the URL. */
  failure(error: unknown): Error;
  /**
   * After `body` failed with `failure`: the data again from byte `from` (a Range request, which
   * the server may ignore and answer from byte 0), once the retry policy allows it and has waited;
   * undefined when it does not (not a transient failure, or no retries left).
   */
  resume(from: number, failure: unknown): Promise<ImageData | undefined>;
}

/** The ImageData of a data answer: 200, or 206 to a Range request, whose Content-Range says where it starts. */
export function imageData(
  response: HttpResponse,
  contentMd5: string | undefined,
  resume: (from: number, failure: unknown) => Promise<ImageData | undefined>,
): ImageData {
  const length = response.headers['content-length'];
  let start = 0;
  if (response.status === 206) {
    const range = /^bytes (\d+)-\d+\/(?:\d+|\*)$/.exec(response.headers['content-range']?.trim() ?? '');
    if (!range) {
      response.body.destroy();
      throw new CliError(`The image service answered a Range request with a Content-Range it does not understand: ${response.headers['content-range'] ?? 'none'}`);
    }
    start = Number(range[1]);
  }
  return {
    body: response.body,
    contentLength: length === undefined ? undefined : Number(length),
    contentMd5,
    start,
    failure: (error) => response.failure(error),
    resume,
  };
}

/** The Range header asking for the data from byte `from` on; none for the whole. */
export function rangeFrom(from: number): Record<string, string> | undefined {
  return from > 0 ? { range: `bytes=${from}-` } : undefined;
}

export interface UploadOptions {
  /** Sent as x-openstack-image-size (and Content-Length) when known, so back ends can allocate up front. */
  size?: number;
  store?: string;
  signal?: AbortSignal;
}

export class ImagesApi implements ImageService {
  readonly apiVersion = 2;

  constructor(private readonly transport: GlanceTransport) {}

  /** Every image matching the filters, following `next` links, stopping after `limit` images. */
  async *list(filters: ImageListFilters, options: { pageSize?: number; limit?: number; signal?: AbortSignal } = {}): AsyncGenerator<Image> {
    const query = listQuery(filters, options.pageSize ?? DEFAULT_PAGE_SIZE, options.limit);
    let remaining = options.limit;
    let page = await this.transport.json<ImagePage>('GET', '/v2/images', { query, signal: options.signal });
    for (;;) {
      for (const image of page.images ?? []) {
        if (remaining !== undefined && remaining <= 0) {
          return;
        }
        yield image;
        if (remaining !== undefined) {
          remaining--;
        }
      }
      if (!page.next || (remaining !== undefined && remaining <= 0)) {
        return;
      }
      const response = await this.transport.requestLink('GET', page.next, { signal: options.signal });
      page = await response.json<ImagePage>();
    }
  }

  get(id: string, signal?: AbortSignal): Promise<Image> {
    return this.transport.json<Image>('GET', `/v2/images/${segment(id)}`, { signal });
  }

  create(fields: Record<string, unknown>, signal?: AbortSignal): Promise<Image> {
    return this.transport.json<Image>('POST', '/v2/images', { body: { json: fields }, signal });
  }

  update(id: string, operations: PatchOperation[], signal?: AbortSignal): Promise<Image> {
    return this.transport.json<Image>('PATCH', `/v2/images/${segment(id)}`, {
      body: { json: operations, contentType: 'application/openstack-images-v2.1-json-patch' },
      signal,
    });
  }

  delete(id: string, signal?: AbortSignal): Promise<void> {
    return this.transport.discard('DELETE', `/v2/images/${segment(id)}`, { signal });
  }

  upload(id: string, data: AsyncIterable<Uint8Array>, options: UploadOptions = {}): Promise<void> {
    const headers: Record<string, string> = {};
    if (options.size !== undefined) {
      headers['x-openstack-image-size'] = String(options.size);
      headers['content-length'] = String(options.size);
    }
    if (options.store) {
      headers['x-image-meta-store'] = options.store;
    }
    return this.transport.discard('PUT', `/v2/images/${segment(id)}/file`, {
      body: { stream: data, contentType: 'application/octet-stream' },
      headers,
      signal: options.signal,
    });
  }

  /** PUT /v2/images/{id}/stage: data for a glance-direct import, streamed like an upload. */
  stage(id: string, data: AsyncIterable<Uint8Array>, options: { size?: number; signal?: AbortSignal } = {}): Promise<void> {
    const headers: Record<string, string> = {};
    if (options.size !== undefined) {
      headers['x-openstack-image-size'] = String(options.size);
      headers['content-length'] = String(options.size);
    }
    return this.transport.discard('PUT', `/v2/images/${segment(id)}/stage`, {
      body: { stream: data, contentType: 'application/octet-stream' },
      headers,
      signal: options.signal,
    });
  }

  /** POST /v2/images/{id}/import: starts an import task; Glance answers 202 at once. */
  importImage(id: string, body: ImportRequest, headers: Record<string, string> = {}, signal?: AbortSignal): Promise<void> {
    return this.transport.discard('POST', `/v2/images/${segment(id)}/import`, { body: { json: body }, headers, signal });
  }

  /** GET /v2/images/{id}/tasks (API v2.12): the tasks that worked on the image. */
  async tasks(id: string, signal?: AbortSignal): Promise<Task[]> {
    const document = await this.transport.json<{ tasks?: Task[] }>('GET', `/v2/images/${segment(id)}/tasks`, { signal });
    return document.tasks ?? [];
  }

  /**
   * The image's data from byte `from` on (a Range request when it is not 0). Resolves undefined
   * when the image has no data (204). `attempt` counts the requests of one download, for resume.
   */
  async download(id: string, signal?: AbortSignal, from = 0, attempt = 1): Promise<ImageData | undefined> {
    const path = `/v2/images/${segment(id)}/file`;
    const response = await this.transport.request('GET', path, { signal, headers: rangeFrom(from) });
    if (response.status === 204) {
      await response.discard();
      return undefined;
    }
    return imageData(response, response.headers['content-md5'], async (next, failure) =>
      (await this.transport.mayResume(path, next, failure, attempt, signal)) ? this.download(id, signal, next, attempt + 1) : undefined,
    );
  }

  addTag(id: string, tag: string, signal?: AbortSignal): Promise<void> {
    return this.transport.discard('PUT', `/v2/images/${segment(id)}/tags/${segment(tag)}`, { signal });
  }

  deleteTag(id: string, tag: string, signal?: AbortSignal): Promise<void> {
    return this.transport.discard('DELETE', `/v2/images/${segment(id)}/tags/${segment(tag)}`, { signal });
  }

  deactivate(id: string, signal?: AbortSignal): Promise<void> {
    return this.transport.discard('POST', `/v2/images/${segment(id)}/actions/deactivate`, { signal });
  }

  reactivate(id: string, signal?: AbortSignal): Promise<void> {
    return this.transport.discard('POST', `/v2/images/${segment(id)}/actions/reactivate`, { signal });
  }
}

/**
 * python-glanceclient's query, in its order: filters, limit, tags, then sorting. Sort errors are
 * raised before any request, worded as the reference words them.
 */
export function listQuery(filters: ImageListFilters, pageSize: number, limit: number | undefined): [string, string][] {
  const query: [string, string][] = [];
  const add = (key: string, value: string | boolean | undefined): void => {
    if (value !== undefined) {
      query.push([key, typeof value === 'boolean' ? (value ? 'True' : 'False') : value]);
    }
  };
  add('visibility', filters.visibility);
  add('member_status', filters.member_status);
  add('owner', filters.owner);
  add('checksum', filters.checksum);
  add('os_hidden', filters.os_hidden);
  add('os_hash_value', filters.os_hash_value);
  for (const [key, value] of filters.properties ?? []) {
    add(key, value);
  }
  add('limit', String(limit !== undefined && limit < pageSize ? limit : pageSize));
  for (const tag of filters.tags ?? []) {
    add('tag', tag);
  }

  const sortKeys = filters.sortKeys ?? [];
  const sortDirs = filters.sortDirs ?? [];
  if (filters.sort !== undefined && (sortKeys.length > 0 || sortDirs.length > 0)) {
    throw badRequest("The 'sort' argument is not supported with 'sort_key' or 'sort_dir'.");
  }
  if (filters.sort !== undefined) {
    validateSort(filters.sort);
    add('sort', filters.sort);
    return query;
  }
  // The reference adds name/asc only when no sorting was asked for at all: with --sort-key alone
  // Glance picks the direction (desc), with --sort-dir alone the key (created_at).
  const unsorted = sortKeys.length === 0 && sortDirs.length === 0;
  const keys = unsorted ? ['name'] : sortKeys;
  const dirs = unsorted ? ['asc'] : sortDirs;
  if (dirs.length > 1 && dirs.length !== keys.length) {
    throw badRequest(
      'Unexpected number of sort directions: either provide a single sort direction or an equal number of sort keys and sort directions.',
    );
  }
  keys.forEach((key) => add('sort_key', key));
  dirs.forEach((dir) => add('sort_dir', dir));
  return query;
}

function validateSort(sort: string): void {
  for (const parameter of sort.trim().split(',')) {
    const [key = '', direction] = splitOnce(parameter, ':');
    if (direction && !(SORT_DIRECTIONS as readonly string[]).includes(direction)) {
      throw badRequest(`Invalid sort direction: ${direction}. It must be one of the following: ${SORT_DIRECTIONS.join(', ')}.`);
    }
    if (!(SORT_KEYS as readonly string[]).includes(key)) {
      throw badRequest(`Invalid sort key: ${key}. It must be one of the following: ${SORT_KEYS.join(', ')}.`);
    }
  }
}

function splitOnce(text: string, separator: string): [string, string | undefined] {
  const index = text.indexOf(separator);
  return index < 0 ? [text, undefined] : [text.slice(0, index), text.slice(index + 1)];
}

/** python-glanceclient raises its HTTPBadRequest for these client-side checks, so they print as "HTTP <message>". */
function badRequest(message: string): GlanceError {
  return new GlanceError(400, message, undefined);
}
