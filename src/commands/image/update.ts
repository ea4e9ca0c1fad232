/** image-update: changes an image's properties with one JSON-patch request. */
import type { Image, PatchOperation } from '../../glance/types.js';
import { argument, defineCommand, flag, parsed, parseStrictBoolean, repeatable } from '../definition.js';
import { v1ImageRecord, wantsV1Output } from './legacy.js';
import { imageFieldOptions, imageFields, imageRecord } from './shared.js';

const OMITTED_PROPERTIES = ['id', 'locations', 'tags', 'os_hidden'];

export const command = defineCommand({
  name: 'image-update',
  summary: 'Update an existing image.',
  examples: ['glance image-update "$ID" --min-ram 512 --property os_distro=cirros', 'glance image-update "$ID" --remove-property os_distro -f json'],
  arguments: {
    imageId: argument('<IMAGE_ID>', 'ID of image to update.', { complete: 'image' }),
  },
  options: {
    ...imageFieldOptions(OMITTED_PROPERTIES),
    removeProperty: repeatable('<key>', 'Name of arbitrary property to remove from the image. May be used multiple times.'),
    isPublic: parsed('<True|False>', 'v1: make the image accessible to the public (visibility public or private).', parseStrictBoolean),
    isProtected: parsed('<True|False>', 'v1: prevent the image from being deleted (protected).', parseStrictBoolean),
    purgeProps: flag('v1: delete all custom properties that are not given in this command.'),
    humanReadable: flag('v1: print the image size in a human-friendly format.'),
  },
  output: 'record',
  async run(input, context) {
    const fields = imageFields(input, OMITTED_PROPERTIES);
    if (input.isPublic !== undefined) {
      fields.visibility = input.isPublic ? 'public' : 'private';
    }
    if (input.isProtected !== undefined) {
      fields.protected = input.isProtected;
    }
    const usedV1Options = input.isPublic !== undefined || input.isProtected !== undefined || input.purgeProps || input.humanReadable;

    const { images } = await context.api();
    const image = await images.get(input.imageId, context.signal);
    const removals = input.purgeProps ? [...input.removeProperty, ...customProperties(image)] : input.removeProperty;
    const updated = await images.update(image.id, patchFor(image, fields, removals), context.signal);
    return wantsV1Output(context, usedV1Options)
      ? v1ImageRecord(updated, { humanReadable: input.humanReadable, includeNullFields: true })
      : imageRecord(updated, { humanReadable: input.humanReadable });
  },
});

/** Properties a user added (not part of Glance's image schema): what --purge-props removes. */
function customProperties(image: Image): string[] {
  return Object.keys(image).filter((key) => !CORE_PROPERTIES.has(key) && !key.startsWith('os_glance_'));
}

const CORE_PROPERTIES = new Set([
  'id', 'name', 'status', 'visibility', 'protected', 'os_hidden', 'checksum', 'os_hash_algo', 'os_hash_value', 'size',
  'virtual_size', 'disk_format', 'container_format', 'min_disk', 'min_ram', 'owner', 'tags', 'stores', 'created_at',
  'updated_at', 'self', 'file', 'schema', 'locations', 'direct_url', 'is_public', 'deleted', 'deleted_at',
]);

/**
 * Sets replace what exists and add what does not; removals apply only to properties the image
 * has and the same command does not set (python-glanceclient's rule).
 */
function patchFor(image: Image, fields: Record<string, unknown>, removeProperties: string[]): PatchOperation[] {
  const operations: PatchOperation[] = Object.entries(fields).map(([key, value]) => ({
    op: key in image ? 'replace' : 'add',
    path: pointer(key),
    value,
  }));
  for (const key of new Set(removeProperties)) {
    if (key in image && !(key in fields)) {
      operations.push({ op: 'remove', path: pointer(key) });
    }
  }
  return operations;
}

/** RFC 6901: "~" and "/" are escaped inside a JSON pointer segment. */
function pointer(key: string): string {
  return `/${key.replaceAll('~', '~0').replaceAll('/', '~1')}`;
}
