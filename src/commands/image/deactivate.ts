/** image-deactivate: deactivates an image. */
import { Command } from 'commander';
import type { CommandContext } from '../../context.js';

export interface ImageDeactivateOptions {
  imageId: string;
}

export function imageDeactivateCommand(context: CommandContext, run = imageDeactivateRun): Command {
  return new Command('image-deactivate')
    .description('Deactivate specified image.')
    .argument('<IMAGE_ID>', 'ID of image to deactivate.')
    .action(async (imageId: string) => {
      await run({ imageId }, context);
    });
}

export async function imageDeactivateRun(options: ImageDeactivateOptions, context: CommandContext): Promise<void> {
  const glance = await context.glance();
  await glance.images.deactivate(options.imageId, context.signal);
}
