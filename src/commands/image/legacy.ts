/**
 * The Image API v1 face of the image commands: python-glanceclient's v1 shell printed other
 * tables (is_public, deleted, `Property 'key'` rows; Disk Format/Size/Status list columns).
 * They are printed when the user asks for v1 (--os-image-api-version 1), uses a v1-only option,
 * or runs from a v1-era openrc (a Keystone v2.0 auth URL): scripts written then parse them.
 */
import type { CommandContext } from '../../context.js';
import type { Image } from '../../glance/types.js';
import { humanSize } from '../../output/humanize.js';
import type { ListResult, RecordResult } from '../../output/model.js';

/** v2 fields that v1 had no notion of; they do not appear as `Property '...'` rows. */
const V2_ONLY_FIELDS = new Set([
  'self', 'file', 'schema', 'access', 'tags', 'stores', 'locations', 'direct_url', 'visibility', 'os_hidden',
  'os_hash_algo', 'os_hash_value', 'virtual_size', 'is_public', 'deleted', 'deleted_at', 'properties',
]);

const V1_CORE_FIELDS = [
  'checksum', 'container_format', 'created_at', 'deleted', 'deleted_at', 'disk_format', 'id', 'is_public',
  'min_disk', 'min_ram', 'name', 'owner', 'protected', 'size', 'status', 'updated_at',
] as const;

/** True when output should look like the v1 shell's. */
export function wantsV1Output(context: CommandContext, usedV1Options: boolean): boolean {
  return usedV1Options || context.settings().imageApiRequested === 1;
}

export interface V1TableOptions {
  humanReadable?: boolean;
  maxColumnWidth?: number;
  /**
   * image-create and image-update printed the JSON body, null fields included; image-show
   * printed HEAD headers, where null fields are simply absent.
   */
  includeNullFields: boolean;
}

/**
 * v1's _image_show as data: the core fields, then each custom property under its own name; the
 * table calls those rows `Property 'key'`.
 */
export function v1ImageRecord(image: Image, options: V1TableOptions): RecordResult {
  const record = v1Record(image);
  const data: Record<string, unknown> = {};
  for (const field of V1_CORE_FIELDS) {
    const value = record[field];
    if (value !== undefined && (value !== null || options.includeNullFields)) {
      data[field] = value;
    }
  }
  for (const [key, value] of Object.entries(image)) {
    if (!(V1_CORE_FIELDS as readonly string[]).includes(key) && !V2_ONLY_FIELDS.has(key) && !key.startsWith('os_glance_')) {
      data[key] = value;
    }
  }
  return {
    kind: 'record',
    data,
    label: (key) => ((V1_CORE_FIELDS as readonly string[]).includes(key) ? key : `Property '${key}'`),
    display: options.humanReadable ? { size: (value) => humanSize(value as number | null | undefined) } : undefined,
    maxColumnWidth: options.maxColumnWidth,
  };
}

/** v1's image-list columns, as data. */
export function v1ImageRows(images: Image[], humanReadable: boolean): ListResult {
  const size = humanReadable ? { display: (value: unknown) => humanSize(value as number | null | undefined) } : {};
  return {
    kind: 'list',
    columns: [{ label: 'ID' }, { label: 'Name' }, { label: 'Disk Format' }, { label: 'Container Format' }, { label: 'Size', ...size }, { label: 'Status' }],
    rows: images,
  };
}

/** The v1 view of a record: is_public from visibility, deleted flags, v1 timestamps. */
function v1Record(image: Image): Record<string, unknown> {
  return {
    ...image,
    is_public: image.is_public ?? image.visibility === 'public',
    deleted: image.deleted ?? false,
    deleted_at: image.deleted_at === undefined ? null : image.deleted_at,
    created_at: v1Timestamp(image.created_at),
    updated_at: v1Timestamp(image.updated_at),
  };
}

/** v2 says 2026-11-25T11:53:58Z; v1 said 2026-11-25T11:53:58.000000. A v1 server's own value is kept. */
function v1Timestamp(value: unknown): unknown {
  return typeof value === 'string'
    ? value.replace(/^(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d)(\.\d+)?Z$/, (_match, base: string, fraction?: string) => `${base}${(fraction ?? '.').padEnd(7, '0')}`)
    : value;
}
