/** image-tag-delete: removes a tag from an image. */
import { Command } from 'commander';
import type { CommandContext } from '../../../context.js';

export interface ImageTagDeleteOptions {
  imageId: string;
  tag: string;
}

export function imageTagDeleteCommand(context: CommandContext, run = imageTagDeleteRun): Command {
  return new Command('image-tag-delete')
    .description('Delete the tag associated with the given image.')
    .argument('<IMAGE_ID>', 'ID of the image from which to delete tag.')
    .argument('<TAG_VALUE>', 'Value of the tag.')
    .action(async (imageId: string, tag: string) => {
      await run({ imageId, tag }, context);
    });
}

export async function imageTagDeleteRun(options: ImageTagDeleteOptions, context: CommandContext): Promise<void> {
  const glance = await context.glance();
  await glance.images.deleteTag(options.imageId, options.tag, context.signal);
}
