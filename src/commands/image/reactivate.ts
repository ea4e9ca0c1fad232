/** image-reactivate: reactivates an image. */
import { Command } from 'commander';
import type { CommandContext } from '../../context.js';

export interface ImageReactivateOptions {
  imageId: string;
}

export function imageReactivateCommand(context: CommandContext, run = imageReactivateRun): Command {
  return new Command('image-reactivate')
    .description('Reactivate specified image.')
    .argument('<IMAGE_ID>', 'ID of image to reactivate.')
    .action(async (imageId: string) => {
      await run({ imageId }, context);
    });
}

export async function imageReactivateRun(options: ImageReactivateOptions, context: CommandContext): Promise<void> {
  const glance = await context.glance();
  await glance.images.reactivate(options.imageId, context.signal);
}
