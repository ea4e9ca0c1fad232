/** image-tag-update: adds a tag to an image. */
import { Command } from 'commander';
import type { CommandContext } from '../../../context.js';
import type { CommandOutput } from '../../../output/render.js';

export interface ImageTagUpdateOptions {
  imageId: string;
  tag: string;
}

export function imageTagUpdateCommand(context: CommandContext, run = imageTagUpdateRun): Command {
  return new Command('image-tag-update')
    .description('Update an image with the given tag.')
    .argument('<IMAGE_ID>', 'Image to be updated with the given tag.')
    .argument('<TAG_VALUE>', 'Value of the tag.')
    .action(async (imageId: string, tag: string) => {
      context.print(await run({ imageId, tag }, context));
    });
}

export async function imageTagUpdateRun(options: ImageTagUpdateOptions, context: CommandContext): Promise<CommandOutput> {
  const glance = await context.glance();
  await glance.images.addTag(options.imageId, options.tag, context.signal);
  const image = await glance.images.get(options.imageId, context.signal);
  return { kind: 'list', columns: ['ID', 'Tags'], rows: [image] };
}
