/** image-upload: data for an image that was created without any. */
import { Command } from 'commander';
import type { CommandContext } from '../../context.js';
import { CliError } from '../../errors.js';
import { addDataOptions, declaredSize, findImageSource, uploadAndVerify } from './data.js';
import { validateStore } from './stores.js';

export interface ImageUploadOptions {
  imageId: string;
  file?: string;
  size?: number;
  progress: boolean;
  store?: string;
}

export function imageUploadCommand(context: CommandContext, run = imageUploadRun): Command {
  return addDataOptions(
    new Command('image-upload')
      .description('Upload data for a specific image.')
      .argument('<IMAGE_ID>', 'ID of image to upload data to.'),
  )
    .option('--store <STORE>', 'Backend store to upload image to. Defaults to env[OS_IMAGE_STORE].')
    .action(async (imageId: string, raw: { file?: string; size?: number; progress?: boolean; store?: string }) => {
      await run(
        {
          imageId,
          file: raw.file,
          size: raw.size,
          progress: raw.progress === true,
          store: raw.store ?? (context.env.OS_IMAGE_STORE || undefined),
        },
        context,
      );
    });
}

export async function imageUploadRun(options: ImageUploadOptions, context: CommandContext): Promise<void> {
  const source = await findImageSource(options.file, context);
  if (!source) {
    // The reference uploads an empty body here and the image turns active with size 0.
    throw new CliError('No image data to upload: use --file <FILE>, or redirect a file or a pipe into stdin');
  }
  const size = declaredSize(source, options.size);
  const glance = await context.glance();
  if (options.store) {
    await validateStore(glance, options.store, context.signal);
  }
  await uploadAndVerify(context, options.imageId, source, { size, store: options.store, progress: options.progress });
}
