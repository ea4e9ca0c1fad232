/** stores-delete: removes an image's data from one store, leaving it in the others. */
import { CliError } from '../../errors.js';
import { GlanceError } from '../../glance/errors.js';
import { argument, defineCommand, text } from '../definition.js';

export const command = defineCommand({
  name: 'stores-delete',
  summary: 'Delete image from specific store.',
  examples: ['glance stores-delete --store cheap "$ID"'],
  arguments: {
    imageId: argument('<IMAGE_ID>', 'ID of image to update.', { complete: 'image' }),
  },
  options: {
    store: text('<STORE_ID>', 'Store to delete image from.', { required: true }),
  },
  apiVersions: [2],
  async run({ imageId, store }, context) {
    // Required: the parser refuses a command line without --store.
    const storeId = store as string;
    const stores = (await context.api()).v2('stores-delete').stores;
    try {
      await stores.deleteImage(storeId, imageId, context.signal);
    } catch (error) {
      if (!(error instanceof GlanceError)) {
        throw error;
      }
      if (error.status === 404) {
        throw new CliError('Multi Backend support is not enabled or Image/store not found.');
      }
      throw new CliError(`Unable to delete image '${imageId}' from store '${storeId}'. (${error.message})`);
    }
  },
});
