/** image-update: changes an image's properties with one JSON-patch request. */
import { Command } from 'commander';
import type { CommandContext } from '../../context.js';
import type { Image, PatchOperation } from '../../glance/types.js';
import type { CommandOutput } from '../../output/render.js';
import { collect } from '../parsers.js';
import { addSchemaOptions, schemaFields } from './schema-options.js';
import { imageTable } from './shared.js';

const OMITTED_PROPERTIES = ['id', 'locations', 'tags', 'os_hidden'];

export interface ImageUpdateOptions {
  imageId: string;
  fields: Record<string, unknown>;
  removeProperties: string[];
}

export function imageUpdateCommand(context: CommandContext, run = imageUpdateRun): Command {
  const command = new Command('image-update').description('Update an existing image.').argument('<IMAGE_ID>', 'ID of image to update.');
  addSchemaOptions(command, OMITTED_PROPERTIES)
    .option('--remove-property <key>', 'Name of arbitrary property to remove from the image. May be used multiple times.', collect)
    .action(async (imageId: string, raw: Record<string, unknown>) => {
      const options: ImageUpdateOptions = {
        imageId,
        fields: schemaFields(raw, OMITTED_PROPERTIES),
        removeProperties: (raw.removeProperty as string[] | undefined) ?? [],
      };
      context.print(await run(options, context));
    });
  return command;
}

export async function imageUpdateRun(options: ImageUpdateOptions, context: CommandContext): Promise<CommandOutput> {
  const glance = await context.glance();
  const image = await glance.images.get(options.imageId, context.signal);
  const updated = await glance.images.update(options.imageId, patchFor(image, options.fields, options.removeProperties), context.signal);
  return imageTable(updated);
}

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
