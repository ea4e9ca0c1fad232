/** stores-delete: removes an image's data from one store, leaving it in the others. */
import { Command, Option } from 'commander';
import type { CommandContext } from '../../context.js';
import { CliError } from '../../errors.js';
import { GlanceError } from '../../glance/errors.js';

export interface StoresDeleteOptions {
  imageId: string;
  store: string;
}

export function storesDeleteCommand(context: CommandContext, run = storesDeleteRun): Command {
  return new Command('stores-delete')
    .description('Delete image from specific store.')
    .argument('<IMAGE_ID>', 'ID of image to update.')
    .addOption(new Option('--store <STORE_ID>', 'Store to delete image from.').makeOptionMandatory())
    .action(async (imageId: string, raw: { store: string }) => {
      await run({ imageId, store: raw.store }, context);
    });
}

export async function storesDeleteRun(options: StoresDeleteOptions, context: CommandContext): Promise<void> {
  const glance = await context.glance();
  try {
    await glance.stores.deleteImage(options.store, options.imageId, context.signal);
  } catch (error) {
    if (!(error instanceof GlanceError)) {
      throw error;
    }
    if (error.status === 404) {
      throw new CliError('Multi Backend support is not enabled or Image/store not found.');
    }
    throw new CliError(`Unable to delete image '${options.imageId}' from store '${options.store}'. (${error.message})`);
  }
}
