/** cache-delete: removes images from the Glance node's cache and from its queue. */
import { defineCommand, variadicArgument } from '../definition.js';
import { forEachImage } from '../for-each-image.js';

export const command = defineCommand({
  name: 'cache-delete',
  summary: 'Delete image from cache/caching queue.',
  description: 'The cache belongs to the Glance node the request reaches: give that node with --os-image-url when the catalog endpoint balances between several.',
  examples: ['glance --os-image-url http://glance-node-1:9292 cache-delete "$ID"'],
  apiVersions: [2],
  arguments: {
    imageIds: variadicArgument('<IMAGE_ID>', 'ID of image(s) to delete from cache/queue.', { complete: 'image' }),
  },
  async run({ imageIds }, context) {
    const { cache } = (await context.api()).v2('cache-delete');
    await forEachImage(
      imageIds,
      (imageId) => cache.delete(imageId, context.signal),
      (imageId, error) =>
        error.status === 403
          ? `You are not permitted to delete the image '${imageId}' from cache.`
          : `'${error.message}': Unable to delete image '${imageId}' from cache.`,
      context,
    );
  },
});
