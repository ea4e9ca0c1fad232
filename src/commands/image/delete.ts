/** image-delete: deletes each image, reports each failure, and fails at the end if any did. */
import { Command } from 'commander';
import type { CommandContext } from '../../context.js';
import { CliError } from '../../errors.js';
import { GlanceError } from '../../glance/errors.js';

export interface ImageDeleteOptions {
  imageIds: string[];
}

export function imageDeleteCommand(context: CommandContext, run = imageDeleteRun): Command {
  return new Command('image-delete')
    .description('Delete specified image.')
    .argument('<IMAGE_ID...>', 'ID of image(s) to delete.')
    .action(async (imageIds: string[]) => {
      await run({ imageIds }, context);
    });
}

export async function imageDeleteRun(options: ImageDeleteOptions, context: CommandContext): Promise<void> {
  const images = await context.images();
  let failed = false;
  for (const id of options.imageIds) {
    try {
      await images.delete(id, context.signal);
    } catch (error) {
      if (!(error instanceof GlanceError)) {
        throw error;
      }
      failed = true;
      context.warn(deleteFailure(id, error));
    }
  }
  if (failed) {
    // Each failure is already on stderr; the exit code says the rest.
    throw new CliError('');
  }
}

function deleteFailure(id: string, error: GlanceError): string {
  switch (error.status) {
    case 403:
      return `You are not permitted to delete the image '${id}'.`;
    case 404:
      return `No image with an ID of '${id}' exists.`;
    case 409:
      return `Unable to delete image '${id}' because it is in use.`;
    default:
      return `'${error.message}': Unable to delete image '${id}'`;
  }
}
