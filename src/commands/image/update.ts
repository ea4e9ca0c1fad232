/** image-update: changes an image's properties with one JSON-patch request. */
import { Command } from 'commander';
import type { CommandContext } from '../../context.js';
import type { Image, PatchOperation } from '../../glance/types.js';
import type { CommandOutput } from '../../output/render.js';
import { collect, parseStrictBoolean } from '../parsers.js';
import { v1ImageTable, wantsV1Output } from './legacy.js';
import { addSchemaOptions, schemaFields } from './schema-options.js';
import { imageTable } from './shared.js';

const OMITTED_PROPERTIES = ['id', 'locations', 'tags', 'os_hidden'];

export interface ImageUpdateOptions {
  imageId: string;
  fields: Record<string, unknown>;
  removeProperties: string[];
  /** v1: remove every custom property this command does not set. */
  purgeProperties: boolean;
  humanReadable: boolean;
  /** Print the v1 shell's table. */
  v1Output: boolean;
}

export function imageUpdateCommand(context: CommandContext, run = imageUpdateRun): Command {
  const command = new Command('image-update').description('Update an existing image.').argument('<IMAGE_ID>', 'ID of image to update.');
  addSchemaOptions(command, OMITTED_PROPERTIES)
    .option('--remove-property <key>', 'Name of arbitrary property to remove from the image. May be used multiple times.', collect)
    .option('--is-public <True|False>', 'v1: make the image accessible to the public (visibility public or private).', parseStrictBoolean)
    .option('--is-protected <True|False>', 'v1: prevent the image from being deleted (protected).', parseStrictBoolean)
    .option('--purge-props', 'v1: delete all custom properties that are not given in this command.')
    .option('--human-readable', 'v1: print the image size in a human-friendly format.')
    .action(async (imageId: string, raw: Record<string, unknown>) => {
      const fields = schemaFields(raw, OMITTED_PROPERTIES);
      if (raw.isPublic !== undefined) {
        fields.visibility = raw.isPublic ? 'public' : 'private';
      }
      if (raw.isProtected !== undefined) {
        fields.protected = raw.isProtected;
      }
      const usedV1Options = [raw.isPublic, raw.isProtected, raw.purgeProps, raw.humanReadable].some((value) => value !== undefined);
      const options: ImageUpdateOptions = {
        imageId,
        fields,
        removeProperties: (raw.removeProperty as string[] | undefined) ?? [],
        purgeProperties: raw.purgeProps === true,
        humanReadable: raw.humanReadable === true,
        v1Output: wantsV1Output(context, usedV1Options),
      };
      context.print(await run(options, context));
    });
  return command;
}

export async function imageUpdateRun(options: ImageUpdateOptions, context: CommandContext): Promise<CommandOutput> {
  const images = await context.images();
  const image = await images.get(options.imageId, context.signal);
  const removals = options.purgeProperties ? [...options.removeProperties, ...customProperties(image)] : options.removeProperties;
  const updated = await images.update(image.id, patchFor(image, options.fields, removals), context.signal);
  return options.v1Output
    ? v1ImageTable(updated, { humanReadable: options.humanReadable, includeNullFields: true })
    : imageTable(updated, { humanReadable: options.humanReadable });
}

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
export function patchFor(image: Image, fields: Record<string, unknown>, removeProperties: string[]): PatchOperation[] {
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
