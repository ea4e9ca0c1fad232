/**
 * /v1/images: the Image API v1 behind the version-neutral ImageService, for clouds older than
 * Rocky that offer no v2 (glanceclient/v1/images.py, utils.find_resource).
 *
 * Records go in and come out v2-shaped (see convert.ts for the exact shape and the v1-only
 * fields kept alongside); metadata travels in x-image-meta-* headers, lists come from
 * /v1/images/detail, paged with marker=<last id>.
 */
import type { Readable } from 'node:stream';
import { CliError } from '../../errors.js';
import { GlanceError } from '../errors.js';
import type { ImageListOptions, ImageService } from '../image-service.js';
import { imageData, rangeFrom, type ImageData, type UploadOptions } from '../images.js';
import { segment, type GlanceTransport } from '../transport.js';
import type { Image, ImageListFilters, PatchOperation } from '../types.js';
import {
  META_PREFIX,
  PROPERTY_PREFIX,
  PURGE_PROPS_HEADER,
  V1_WRITABLE_FIELDS,
  encodeHeaderValue,
  fieldHeader,
  fieldsToHeaders,
  metaFromBody,
  metaFromHeaders,
  propertyHeader,
  toPythonString,
  toV2Image,
  v1Meta,
  type V1Image,
} from './convert.js';

/** glanceclient.v1.images.DEFAULT_PAGE_SIZE. */
export const V1_DEFAULT_PAGE_SIZE = 20;
export const V1_SORT_KEYS = ['name', 'status', 'container_format', 'disk_format', 'size', 'id', 'created_at', 'updated_at'] as const;
export const V1_SORT_DIRECTIONS = ['asc', 'desc'] as const;

/**
 * Filters GET /v1/images/detail understands, in the order python-glanceclient's image-list puts
 * them in the query (name ... changes-since), then the other ones Glance's v1 API accepts.
 */
export const V1_FILTERS = [
  'name',
  'status',
  'container_format',
  'disk_format',
  'size_min',
  'size_max',
  'is_public',
  'changes-since',
  'min_ram',
  'min_disk',
  'protected',
] as const;

/** An image's data from GET /v1/images/{id}, with the metadata its headers carried. */
export interface V1ImageData extends ImageData {
  image: V1Image;
}

/** Options of list() beyond the version-neutral ones. */
export interface V1ImageListOptions extends ImageListOptions {
  /**
   * python-glanceclient's --owner: filtered on the client (v1 cannot filter by owner), '' matching
   * ownerless images; the query then asks for is_public=None. `filters.owner` does the same.
   */
  owner?: string;
}

export class V1ImageService implements ImageService {
  readonly apiVersion = 1;

  constructor(private readonly transport: GlanceTransport) {}

  /**
   * GET /v1/images/detail?limit=<page size, 20>&sort_key=<name>&sort_dir=<asc>[&property-K=V][&filters],
   * then the same with marker=<last id> until a page comes back short, stopping after `limit`.
   *
   * Filters: visibility public/private/all becomes is_public=True/False/None; `properties` pairs
   * named like a v1 filter (name, status, container_format, disk_format, size_min, size_max,
   * is_public, changes-since (or changes_since), min_ram, min_disk, protected) are sent as they
   * are, any other as property-KEY=VALUE; `owner` filters on the client (see V1ImageListOptions);
   * the first sort key and direction are used (v1 takes one), `sort` ("name:desc,...") likewise.
   * Filters v1 cannot express (member_status, checksum, os_hash_value, tags, os_hidden=true,
   * visibility shared/community) raise a CliError before any request.
   */
  async *list(filters: ImageListFilters, options: V1ImageListOptions = {}): AsyncGenerator<V1Image> {
    const pageSize = options.pageSize ?? V1_DEFAULT_PAGE_SIZE;
    const owner = options.owner ?? filters.owner;
    const query = listQuery(filters, pageSize, owner !== undefined);
    yield* this.paginate(query, pageSize, options.limit, owner, options.signal);
  }

  /**
   * utils.find_resource: an all-digit string is tried as an id (HEAD), then a UUID (HEAD), then a
   * name (GET /v1/images/detail?limit=20&name=X). A 404 moves on to the next way. Resolves the
   * HEAD record for ids and the /detail record for a name.
   */
  async find(idOrName: string, signal?: AbortSignal): Promise<V1Image> {
    return (await this.resolve(idOrName, signal)).image;
  }

  /**
   * By name or id (find), always as HEAD describes it, which is what v1 image-show prints: an
   * image found by name is read again with HEAD.
   */
  async get(idOrName: string, signal?: AbortSignal): Promise<V1Image> {
    const { image, byName } = await this.resolve(idOrName, signal);
    return byName ? this.head(image.id, signal) : image;
  }

  private async resolve(idOrName: string, signal: AbortSignal | undefined): Promise<{ image: V1Image; byName: boolean }> {
    if (/^\d+$/.test(idOrName) || isUuidLike(idOrName)) {
      try {
        return { image: await this.head(idOrName, signal), byName: false };
      } catch (error) {
        if (!(error instanceof GlanceError && error.status === 404)) {
          throw error;
        }
      }
    }
    const matches: V1Image[] = [];
    const query: [string, string][] = [
      ['limit', String(V1_DEFAULT_PAGE_SIZE)],
      ['name', idOrName],
    ];
    for await (const image of this.paginate(query, V1_DEFAULT_PAGE_SIZE, undefined, undefined, signal)) {
      matches.push(image);
    }
    if (matches.length === 0) {
      throw new CliError(`No image with a name or ID of '${idOrName}' exists.`);
    }
    if (matches.length > 1) {
      throw new CliError(`Multiple image matches found for '${idOrName}', use an ID to be more specific.`);
    }
    return { image: matches[0]!, byName: true };
  }

  /** HEAD /v1/images/{id}: the metadata headers (null fields are not sent, so they are absent). */
  async head(id: string, signal?: AbortSignal): Promise<V1Image> {
    const response = await this.transport.request('HEAD', `/v1/images/${segment(id)}`, { signal });
    await response.discard();
    return toV2Image(metaFromHeaders(response.headers));
  }

  /**
   * POST /v1/images with the fields as x-image-meta-* headers (convert.ts fieldsToHeaders:
   * visibility as is_public, custom fields as x-image-meta-property-*, `copy_from` as
   * x-glance-api-copy-from, `location` as x-image-meta-location; tags are refused).
   */
  async create(fields: Record<string, unknown>, signal?: AbortSignal): Promise<V1Image> {
    const body = await this.transport.json<{ image: Record<string, unknown> }>('POST', '/v1/images', {
      headers: fieldsToHeaders(fields),
      signal,
    });
    return toV2Image(metaFromBody(body.image));
  }

  /**
   * What python-glanceclient's v1 image-create does with data: one POST carrying the headers and
   * the data (chunked), x-image-meta-size set from `size` unless the fields name one.
   */
  async createWithData(
    fields: Record<string, unknown>,
    data: AsyncIterable<Uint8Array> | Readable,
    options: UploadOptions = {},
  ): Promise<V1Image> {
    const headers = fieldsToHeaders(fields);
    addUploadHeaders(headers, options);
    const body = await this.transport.json<{ image: Record<string, unknown> }>('POST', '/v1/images', {
      headers,
      body: { stream: data, contentType: 'application/octet-stream' },
      signal: options.signal,
    });
    return toV2Image(metaFromBody(body.image));
  }

  /**
   * PUT /v1/images/{id} with the JSON-patch operations as headers: add/replace of a core field
   * (visibility as is_public) as x-image-meta-<field>, of anything else as
   * x-image-meta-property-<key>, `/copy_from` as x-glance-api-copy-from. Without removals the
   * request says x-glance-registry-purge-props: false. A remove reads the current properties
   * (HEAD) and sends every property that stays, with purge-props true. Removing a core field or
   * touching tags is refused with a CliError. Resolves the updated record from the PUT's body.
   */
  async update(id: string, operations: PatchOperation[], signal?: AbortSignal): Promise<V1Image> {
    const headers: Record<string, string> = {};
    const properties = new Map<string, string>();
    const removed = new Set<string>();
    for (const operation of operations) {
      const key = pointerKey(operation.path);
      if (operation.op === 'remove') {
        if (isCoreField(key)) {
          throw new CliError(`The Image API v1 cannot remove '${key}'.`);
        }
        if (key === 'tags' || key.startsWith('tags/')) {
          throw new CliError("The Image API v1 has no 'tags': it cannot be set on this cloud.");
        }
        propertyHeader(key);
        removed.add(key.toLowerCase());
        properties.delete(key.toLowerCase());
        continue;
      }
      const value = operation.value === null ? '' : operation.value;
      const header = fieldHeader(key, value);
      if (!header) {
        continue;
      }
      if (header[0].startsWith(PROPERTY_PREFIX)) {
        properties.set(key.toLowerCase(), header[1]);
        removed.delete(key.toLowerCase());
      } else {
        headers[header[0]] = header[1];
      }
    }
    if (removed.size > 0) {
      const current = v1Meta(await this.head(id, signal)).properties;
      for (const [key, value] of Object.entries(current)) {
        if (!removed.has(key) && !properties.has(key) && value !== null) {
          properties.set(key, encodeHeaderValue(value));
        }
      }
    }
    headers[PURGE_PROPS_HEADER] = removed.size > 0 ? 'true' : 'false';
    for (const [key, value] of properties) {
      headers[propertyHeader(key)] = value;
    }
    const body = await this.transport.json<{ image: Record<string, unknown> }>('PUT', `/v1/images/${segment(id)}`, { headers, signal });
    return toV2Image(metaFromBody(body.image));
  }

  delete(id: string, signal?: AbortSignal): Promise<void> {
    return this.transport.discard('DELETE', `/v1/images/${segment(id)}`, { signal });
  }

  /** PUT /v1/images/{id} with the data (chunked): v1 has no separate upload call. Glance accepts it only while the image is queued (else 409). */
  async upload(id: string, data: AsyncIterable<Uint8Array>, options: UploadOptions = {}): Promise<void> {
    await this.uploadData(id, data, options);
  }

  /** upload(), resolving the record the PUT answered with (its body has deleted_at and every null field). */
  async uploadData(id: string, data: AsyncIterable<Uint8Array> | Readable, options: UploadOptions = {}): Promise<V1Image> {
    const headers: Record<string, string> = { [PURGE_PROPS_HEADER]: 'false' };
    addUploadHeaders(headers, options);
    const body = await this.transport.json<{ image: Record<string, unknown> }>('PUT', `/v1/images/${segment(id)}`, {
      headers,
      body: { stream: data, contentType: 'application/octet-stream' },
      signal: options.signal,
    });
    return toV2Image(metaFromBody(body.image));
  }

  /** GET /v1/images/{id}: the data, its length, the x-image-meta-checksum as contentMd5, and the metadata headers as `image`. */
  async download(id: string, signal?: AbortSignal, from = 0, attempt = 1): Promise<V1ImageData | undefined> {
    const path = `/v1/images/${segment(id)}`;
    const response = await this.transport.request('GET', path, { signal, headers: rangeFrom(from) });
    if (response.status === 204) {
      await response.discard();
      return undefined;
    }
    const data = imageData(response, response.headers[`${META_PREFIX}checksum`], async (next, failure) =>
      (await this.transport.mayResume(path, next, failure, attempt, signal)) ? this.download(id, signal, next, attempt + 1) : undefined,
    );
    return { ...data, image: toV2Image(metaFromHeaders(response.headers)) };
  }

  /** ImageManager.list's loop: a page, the client-side owner filter, the limit, marker=<last id>. */
  private async *paginate(
    query: [string, string][],
    pageSize: number,
    limit: number | undefined,
    owner: string | undefined,
    signal: AbortSignal | undefined,
  ): AsyncGenerator<V1Image> {
    let seen = 0;
    let marker: string | undefined;
    for (;;) {
      const pageQuery: [string, string][] = marker === undefined ? query : [...query, ['marker', marker]];
      const page = await this.transport.json<{ images?: Record<string, unknown>[] }>('GET', '/v1/images/detail', { query: pageQuery, signal });
      let seenLastPage = 0;
      let filtered = 0;
      for (const record of page.images ?? []) {
        if (!record) {
          continue;
        }
        const image = toV2Image(metaFromBody(record));
        marker = image.id;
        if (ownerFilteredOut(owner, image)) {
          filtered++;
          continue;
        }
        if (limit !== undefined && seen + seenLastPage >= limit) {
          return;
        }
        seenLastPage++;
        yield image;
      }
      seen += seenLastPage;
      if (seenLastPage + filtered === 0) {
        return;
      }
      if (limit !== undefined && seen >= limit) {
        return;
      }
      if (pageSize && seenLastPage + filtered < pageSize) {
        return;
      }
    }
  }
}

/** The query of GET /v1/images/detail, in python-glanceclient's order (see list()). */
export function listQuery(filters: ImageListFilters, pageSize: number, ownerFilter: boolean): [string, string][] {
  refuseUnsupported(filters);
  const [sortKey, sortDir] = sorting(filters);
  const known = new Map<string, string>();
  const custom: [string, string][] = [];
  if (filters.visibility !== undefined) {
    known.set('is_public', visibilityFilter(filters.visibility));
  }
  for (const [rawKey, value] of filters.properties ?? []) {
    const key = rawKey === 'changes_since' ? 'changes-since' : rawKey;
    if ((V1_FILTERS as readonly string[]).includes(key)) {
      known.set(key, value);
    } else {
      custom.push([`property-${rawKey}`, value]);
    }
  }
  const query: [string, string][] = [
    ['limit', String(pageSize)],
    ['sort_key', sortKey],
    ['sort_dir', sortDir],
    ...custom,
  ];
  for (const key of V1_FILTERS) {
    const value = known.get(key);
    if (value !== undefined) {
      query.push([key, key === 'is_public' && ownerFilter ? 'None' : value]);
    }
  }
  if (ownerFilter && !known.has('is_public')) {
    query.push(['is_public', 'None']);
  }
  return query;
}

function refuseUnsupported(filters: ImageListFilters): void {
  const refused: string[] = [];
  if (filters.member_status !== undefined) refused.push('member status');
  if (filters.checksum !== undefined) refused.push('checksum');
  if (filters.os_hash_value !== undefined) refused.push('hash value');
  if (filters.os_hidden === true) refused.push('hidden status');
  if ((filters.tags ?? []).length > 0) refused.push('tag');
  if (refused.length > 0) {
    throw new CliError(`The Image API v1 cannot filter images by ${refused.join(', ')}.`);
  }
}

function visibilityFilter(visibility: string): string {
  switch (visibility) {
    case 'public':
      return 'True';
    case 'private':
      return 'False';
    case 'all':
      return 'None';
    default:
      throw new CliError(`The Image API v1 knows only public and private images, not '${visibility}'.`);
  }
}

/** The one sort key and direction v1 takes: the first given, else name asc (the v1 shell's defaults). */
function sorting(filters: ImageListFilters): [string, string] {
  let key = filters.sortKeys?.[0];
  let dir = filters.sortDirs?.[0];
  if (filters.sort !== undefined && key === undefined && dir === undefined) {
    const [first = ''] = filters.sort.trim().split(',');
    const index = first.indexOf(':');
    key = index < 0 ? first : first.slice(0, index);
    dir = index < 0 ? undefined : first.slice(index + 1);
  }
  key ??= 'name';
  dir ??= 'asc';
  if (!(V1_SORT_KEYS as readonly string[]).includes(key)) {
    throw new CliError(`sort_key must be one of the following: ${V1_SORT_KEYS.join(', ')}.`);
  }
  if (!(V1_SORT_DIRECTIONS as readonly string[]).includes(dir)) {
    throw new CliError(`sort_dir must be one of the following: ${V1_SORT_DIRECTIONS.join(', ')}.`);
  }
  return [key, dir];
}

/** filter_owner: true when the image is to be skipped. */
function ownerFilteredOut(owner: string | undefined, image: Image): boolean {
  if (owner === undefined) {
    return false;
  }
  if (image.owner === undefined || image.owner === null) {
    return owner !== '';
  }
  return image.owner !== owner;
}

function addUploadHeaders(headers: Record<string, string>, options: UploadOptions): void {
  if (options.size !== undefined && headers[`${META_PREFIX}size`] === undefined) {
    headers[`${META_PREFIX}size`] = toPythonString(options.size);
  }
  if (options.store && headers[`${META_PREFIX}store`] === undefined) {
    headers[`${META_PREFIX}store`] = encodeHeaderValue(options.store);
  }
}

function isCoreField(key: string): boolean {
  return key === 'visibility' || key === 'copy_from' || (V1_WRITABLE_FIELDS as readonly string[]).includes(key);
}

/** The member a JSON pointer names ("/os_distro", "/a~1b" → "a/b"). */
function pointerKey(path: string): string {
  return path.replace(/^\//, '').replaceAll('~1', '/').replaceAll('~0', '~');
}

/** Python's uuid.UUID(): optional urn:/uuid: prefixes and braces, hyphens anywhere, 32 hex digits. */
export function isUuidLike(value: string): boolean {
  const hex = value.replaceAll('urn:', '').replaceAll('uuid:', '').replace(/^[{}]+|[{}]+$/g, '').replaceAll('-', '');
  return /^[0-9a-fA-F]{32}$/.test(hex);
}
