/**
 * Image API v1 records and headers, and their conversion to and from the v2-shaped records the
 * commands work with (glanceclient/v1/images.py: _image_meta_from_headers,
 * _image_meta_to_headers, _format_image_meta_for_user).
 *
 * ## The v1 meta (`V1ImageMeta`)
 *
 * What python-glanceclient's v1 `Image._info` holds: the core fields the server sent, exactly those
 * (HEAD omits null fields, so a HEAD-based meta has no `deleted_at` while a POST/PUT/detail body has
 * `deleted_at: null`), plus `properties`, the custom properties. `is_public`, `protected` and
 * `deleted` are booleans; `size`, `min_ram` and `min_disk` are integers (a null or empty one becomes
 * 0, as `_format_image_meta_for_user` does); everything else is as the server sent it. A v1 table
 * printer prints this: every core field, plus a row `Property '<key>'` per property.
 *
 * ## The v2-shaped record (`V1Image`, what V1ImageService returns)
 *
 *     {
 *       id, name, status, checksum, disk_format, container_format, owner,
 *       created_at, updated_at, virtual_size, ...  // core fields, only those the server sent
 *       size, min_disk, min_ram,                   // numbers
 *       visibility: 'public' | 'private',          // from is_public (absent when is_public is)
 *       protected: boolean,
 *       <custom key>: <string | null>, ...         // properties, flattened to the top level
 *       is_public: boolean,                        // v1-only facts, kept under their v1 names,
 *       deleted: boolean,                          //   present exactly when the server sent them
 *       deleted_at: string | null,
 *     }
 *
 * A custom property whose key collides with a core field or with `visibility` is not flattened
 * (the core value wins); it stays available in the meta. The exact meta travels with the record
 * as a hidden (non-enumerable, symbol-keyed) attachment: `v1Meta(record)` returns it, and for a
 * record that lost it (a spread copy) rebuilds it from the enumerable keys.
 */
import { CliError } from '../../errors.js';
import type { Image } from '../types.js';

/** The core fields of a v1 image (the x-image-meta-* headers Glance knows, without location). */
export const V1_CORE_FIELDS = [
  'id',
  'name',
  'status',
  'is_public',
  'protected',
  'deleted',
  'deleted_at',
  'size',
  'virtual_size',
  'min_disk',
  'min_ram',
  'checksum',
  'disk_format',
  'container_format',
  'owner',
  'store',
  'created_at',
  'updated_at',
] as const;

/** Fields python-glanceclient's v1 create() and update() accept as x-image-meta-* headers (CREATE_PARAMS). */
export const V1_WRITABLE_FIELDS = [
  'id',
  'name',
  'disk_format',
  'container_format',
  'min_disk',
  'min_ram',
  'owner',
  'size',
  'is_public',
  'protected',
  'location',
  'checksum',
  'store',
] as const;

/** Fields the server sets; given to create()/update(), they are ignored rather than sent as custom properties. */
const READ_ONLY_FIELDS = new Set(['status', 'deleted', 'deleted_at', 'created_at', 'updated_at', 'virtual_size', 'self', 'file', 'schema']);

/** v2 fields with no v1 counterpart: asking v1 for them is an error, not a custom property. */
const V2_ONLY_FIELDS = new Set(['tags', 'os_hidden', 'locations', 'os_hash_algo', 'os_hash_value', 'stores']);

const BOOLEAN_FIELDS = ['is_public', 'protected', 'deleted'] as const;
const INTEGER_FIELDS = ['size', 'min_ram', 'min_disk'] as const;

export const META_PREFIX = 'x-image-meta-';
export const PROPERTY_PREFIX = 'x-image-meta-property-';
export const COPY_FROM_HEADER = 'x-glance-api-copy-from';
export const PURGE_PROPS_HEADER = 'x-glance-registry-purge-props';

/** An image as python-glanceclient's v1 manager holds it (see the module comment). */
export interface V1ImageMeta {
  id: string;
  properties: Record<string, string | null>;
  [field: string]: unknown;
}

/** A v2-shaped image record converted from v1 (see the module comment). */
export interface V1Image extends Image {
  is_public?: boolean;
  deleted?: boolean;
  deleted_at?: string | null;
}

const META = Symbol('glance.v1.meta');

/** The v1 meta a record was converted from (rebuilt from the record's keys when it was copied). */
export function v1Meta(image: Image): V1ImageMeta {
  const attached = (image as { [META]?: V1ImageMeta })[META];
  if (attached) {
    return structuredClone(attached);
  }
  const meta: V1ImageMeta = { id: image.id, properties: {} };
  const core = new Set<string>(V1_CORE_FIELDS);
  for (const [key, value] of Object.entries(image)) {
    if (key === 'visibility') {
      continue;
    }
    if (core.has(key)) {
      meta[key] = value;
    } else {
      meta.properties[key] = value === null || value === undefined ? null : String(value);
    }
  }
  if (image.visibility !== undefined && meta.is_public === undefined) {
    meta.is_public = image.visibility === 'public';
  }
  return meta;
}

/** strutils.bool_from_string (non-strict): true for t, true, on, y, yes, 1. */
export function boolFromString(value: unknown): boolean {
  if (typeof value === 'boolean') {
    return value;
  }
  return ['t', 'true', 'on', 'y', 'yes', '1'].includes(String(value).trim().toLowerCase());
}

/** `_format_image_meta_for_user`: size, min_ram, min_disk as integers, a falsy one as 0, a non-number left alone. */
export function formatMetaForUser(meta: Record<string, unknown>): void {
  for (const key of INTEGER_FIELDS) {
    if (key in meta) {
      const value = meta[key];
      if (!value) {
        meta[key] = 0;
      } else if (typeof value === 'string' && /^\s*[-+]?\d+\s*$/.test(value)) {
        meta[key] = Number.parseInt(value, 10);
      }
    }
  }
}

/** A JSON body's image (POST, PUT, /detail) as the v1 manager holds it. */
export function metaFromBody(record: Record<string, unknown>): V1ImageMeta {
  const meta = { ...record } as Record<string, unknown>;
  const properties = record.properties;
  meta.properties =
    properties && typeof properties === 'object'
      ? Object.fromEntries(Object.entries(properties as Record<string, unknown>).map(([key, value]) => [key, value === null ? null : String(value)]))
      : {};
  formatMetaForUser(meta);
  return meta as V1ImageMeta;
}

/** `_image_meta_from_headers`: a HEAD or GET response's x-image-meta-* headers as the v1 manager holds them. */
export function metaFromHeaders(headers: Record<string, string>): V1ImageMeta {
  const meta: Record<string, unknown> = {};
  const properties: Record<string, string | null> = {};
  for (const [name, raw] of Object.entries(headers)) {
    const key = name.toLowerCase();
    const value = decodeHeaderValue(raw);
    if (key.startsWith(PROPERTY_PREFIX)) {
      properties[key.slice(PROPERTY_PREFIX.length)] = value;
    } else if (key.startsWith(META_PREFIX)) {
      meta[key.slice(META_PREFIX.length)] = value;
    }
  }
  for (const key of BOOLEAN_FIELDS) {
    if (key in meta) {
      meta[key] = boolFromString(meta[key]);
    }
  }
  meta.properties = properties;
  formatMetaForUser(meta);
  return meta as V1ImageMeta;
}

/** The v2-shaped record of a v1 meta, with the meta attached (see the module comment). */
export function toV2Image(meta: V1ImageMeta): V1Image {
  const image: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(meta)) {
    if (key === 'properties' || key === 'location' || key === 'location_data') {
      continue;
    }
    image[key] = value;
  }
  if ('is_public' in meta) {
    image.visibility = meta.is_public ? 'public' : 'private';
  }
  if (typeof image.virtual_size === 'string' && /^\d+$/.test(image.virtual_size)) {
    image.virtual_size = Number(image.virtual_size);
  }
  for (const [key, value] of Object.entries(meta.properties ?? {})) {
    if (!(key in image)) {
      image[key] = value;
    }
  }
  Object.defineProperty(image, META, { value: structuredClone(meta), enumerable: false });
  return image as V1Image;
}

/**
 * The x-image-meta-* headers for v2-shaped fields, as `_image_meta_to_headers` writes them:
 * core fields (V1_WRITABLE_FIELDS) as x-image-meta-<field>, `visibility` public/private as
 * is_public, `copy_from` as x-glance-api-copy-from, anything else as x-image-meta-property-<key>.
 * Booleans read True/False and numbers their decimal form, as Python's str() writes them. Null and
 * undefined values are left out. Fields the server owns (status, timestamps ...) are ignored.
 * v2-only fields (tags, os_hidden ...) are refused with a CliError, except an empty tag list and
 * os_hidden false, which ask for nothing.
 */
export function fieldsToHeaders(fields: Record<string, unknown>): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const [key, value] of Object.entries(fields)) {
    if (value === undefined || value === null) {
      continue;
    }
    const header = fieldHeader(key, value);
    if (header) {
      headers[header[0]] = header[1];
    }
  }
  return headers;
}

/** The one header a v2-shaped field becomes, or undefined for a field v1 leaves to the server. */
export function fieldHeader(key: string, value: unknown): [string, string] | undefined {
  if (key === 'copy_from') {
    return [COPY_FROM_HEADER, encodeHeaderValue(toPythonString(value))];
  }
  if (key === 'visibility') {
    return [`${META_PREFIX}is_public`, visibilityToIsPublic(value)];
  }
  if (key === 'is_public' || key === 'protected') {
    return [`${META_PREFIX}${key}`, typeof value === 'boolean' ? toPythonString(value) : encodeHeaderValue(String(value))];
  }
  if ((V1_WRITABLE_FIELDS as readonly string[]).includes(key)) {
    return [`${META_PREFIX}${key}`, encodeHeaderValue(toPythonString(value))];
  }
  if (READ_ONLY_FIELDS.has(key)) {
    return undefined;
  }
  if (V2_ONLY_FIELDS.has(key)) {
    if ((key === 'tags' && Array.isArray(value) && value.length === 0) || (key === 'os_hidden' && value === false)) {
      return undefined;
    }
    throw new CliError(`The Image API v1 has no '${key}': it cannot be set on this cloud.`);
  }
  return [propertyHeader(key), encodeHeaderValue(toPythonString(value))];
}

/** x-image-meta-property-<key>, refusing keys that cannot be an HTTP header name. */
export function propertyHeader(key: string): string {
  if (!/^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/.test(key)) {
    throw new CliError(`The Image API v1 carries properties in HTTP headers: '${key}' cannot be a property name there.`);
  }
  return `${PROPERTY_PREFIX}${key}`;
}

function visibilityToIsPublic(value: unknown): string {
  if (value === 'public') {
    return 'True';
  }
  if (value === 'private') {
    return 'False';
  }
  throw new CliError(`The Image API v1 knows only public and private images, not '${String(value)}'.`);
}

/** Python's str() of a JSON value: True/False, decimal numbers, strings as they are. */
export function toPythonString(value: unknown): string {
  if (typeof value === 'boolean') {
    return value ? 'True' : 'False';
  }
  if (typeof value === 'string') {
    return value;
  }
  if (typeof value === 'number' || typeof value === 'bigint') {
    return String(value);
  }
  return JSON.stringify(value);
}

/**
 * Header values go on the wire as UTF-8 bytes (as python-glanceclient encodes them). The HTTP layer
 * writes header strings as latin1, one byte per character, so the UTF-8 bytes are spelled as latin1.
 */
export function encodeHeaderValue(value: string): string {
  return Buffer.from(value, 'utf8').toString('latin1');
}

/** The inverse of encodeHeaderValue; a value that is not valid UTF-8 is kept as latin1 text. */
export function decodeHeaderValue(value: string): string {
  if (!/[\x80-\xff]/.test(value)) {
    return value;
  }
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(Buffer.from(value, 'latin1'));
  } catch {
    return value;
  }
}
