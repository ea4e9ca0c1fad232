/** image-stage: data for a glance-direct import, into Glance's staging area. */
import { Command } from 'commander';
import type { CommandContext } from '../../context.js';
import { CliError } from '../../errors.js';
import { addDataOptions, declaredSize, findImageSource } from './data.js';
import { checkStagedSize, stageData } from './import-shared.js';

export interface ImageStageOptions {
  imageId: string;
  file?: string;
  size?: number;
  progress: boolean;
}

export function imageStageCommand(context: CommandContext, run = imageStageRun): Command {
  return addDataOptions(
    new Command('image-stage')
      .description('Upload data for a specific image to staging.')
      .argument('<IMAGE_ID>', 'ID of image to upload data to.'),
  )
    .action(async (imageId: string, raw: { file?: string; size?: number; progress?: boolean }) => {
      await run({ imageId, file: raw.file, size: raw.size, progress: raw.progress === true }, context);
    });
}

export async function imageStageRun(options: ImageStageOptions, context: CommandContext): Promise<void> {
  const source = await findImageSource(options.file, context);
  if (!source) {
    // The reference stages an empty body here.
    throw new CliError('No image data to stage: use --file <FILE>, or redirect a file or a pipe into stdin');
  }
  const size = declaredSize(source, options.size);
  const glance = await context.glance();
  // Nothing to hash: Glance records the hashes only when the image is imported, by another command.
  const staged = await stageData(context, glance, options.imageId, source, { size, progress: options.progress, algorithms: [] });
  // Glance records the staged size at once; the hashes come only with the import.
  checkStagedSize(await glance.images.get(options.imageId, context.signal), staged);
}
