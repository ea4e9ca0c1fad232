/** image-create: a new image record, and its data from --file or stdin in the same command. */
import { Command } from 'commander';
import type { CommandContext } from '../../context.js';
import { CliError } from '../../errors.js';
import type { GlanceClient } from '../../glance/client.js';
import type { CommandOutput } from '../../output/render.js';
import { stdinHasData } from '../../output/streams.js';
import { parseInteger } from '../parsers.js';
import { declaredSize, findImageSource, uploadAndVerify } from './data.js';
import { addSchemaOptions, schemaFields } from './schema-options.js';
import { imageTable } from './shared.js';
import { validateStore } from './stores.js';

const OMITTED_PROPERTIES = ['locations', 'os_hidden'];

export interface ImageCreateOptions {
  /** Image fields from the schema options, --hidden and --property, by Glance name. */
  fields: Record<string, unknown>;
  file?: string;
  size?: number;
  progress: boolean;
  store?: string;
}

export function imageCreateCommand(context: CommandContext, run = imageCreateRun): Command {
  const command = new Command('image-create').description('Create a new image.');
  addSchemaOptions(command, OMITTED_PROPERTIES)
    .option('--file <FILE>', 'Local file that contains disk image to be uploaded during creation. Alternatively, the image data can be passed to the client via stdin (a file or a pipe).')
    .option('--size <IMAGE_SIZE>', 'Size in bytes of the image data, for data on stdin whose size cannot be inferred.', parseInteger)
    .option('--progress', 'Show upload progress bar (on stderr, when it is a terminal).')
    .option('--store <STORE>', 'Backend store to upload image to. Defaults to env[OS_IMAGE_STORE].')
    .action(async (raw: Record<string, unknown>) => {
      const options: ImageCreateOptions = {
        fields: schemaFields(raw, OMITTED_PROPERTIES),
        file: raw.file as string | undefined,
        size: raw.size as number | undefined,
        progress: raw.progress === true,
        store: (raw.store as string | undefined) ?? (context.env.OS_IMAGE_STORE || undefined),
      };
      context.print(await run(options, context));
    });
  return command;
}

export async function imageCreateRun(options: ImageCreateOptions, context: CommandContext): Promise<CommandOutput> {
  // The reference checks the formats before it looks at the file.
  const origin = options.file !== undefined ? '--file' : stdinHasData(context.io) ? 'stdin' : undefined;
  if (origin) {
    const missing = ['disk_format', 'container_format']
      .filter((field) => options.fields[field] === undefined)
      .map((field) => `--${field.replace('_', '-')}`);
    if (missing.length > 0) {
      throw new CliError(`error: Must provide ${missing.join(', ')} when using ${origin}.`);
    }
  } else if (options.size !== undefined) {
    throw new CliError("Setting 'size' during image creation is not supported. Please use --size only when uploading data.");
  } else if (options.store !== undefined) {
    throw new CliError('--store option should only be provided with --file option or stdin.');
  }
  const source = await findImageSource(options.file, context);
  const size = source ? declaredSize(source, options.size) : undefined;

  const glance = await context.glance();
  if (source && options.store) {
    await validateStore(glance, options.store, context.signal);
  }
  const image = await glance.images.create(options.fields, context.signal);
  if (!source) {
    return imageTable(image);
  }
  try {
    const uploaded = await uploadAndVerify(context, image.id, source, { size, store: options.store, progress: options.progress });
    return imageTable(uploaded);
  } catch (error) {
    await removeUnfinishedImage(glance, image.id, context);
    throw error;
  }
}

/** A create whose upload failed must not leave a queued (or corrupt) image behind. */
async function removeUnfinishedImage(glance: GlanceClient, imageId: string, context: CommandContext): Promise<void> {
  try {
    // Not context.signal: after Ctrl-C it is already aborted, and the clean-up must still run.
    await glance.images.delete(imageId);
    context.warn(`Deleted image ${imageId}: its upload did not complete.`);
  } catch (error) {
    context.warn(
      `Image ${imageId} was created but its upload did not complete, and deleting it failed (${(error as Error).message}); ` +
        `delete it with: glance image-delete ${imageId}`,
    );
  }
}
