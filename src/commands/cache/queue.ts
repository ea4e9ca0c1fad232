/** cache-queue: asks the Glance node to fetch images into its cache. */
import { defineCommand, variadicArgument } from '../definition.js';
import { forEachImage } from '../for-each-image.js';

export const command = defineCommand({
  name: 'cache-queue',
  summary: 'Queue image(s) for caching.',
  description:
    'The cache belongs to the Glance node the request reaches: give that node with --os-image-url ' +
    'when the catalog endpoint balances between several. Only active images can be queued; the ' +
    'node then fetches them in the background (see cache-list).',
  examples: ['glance --os-image-url http://glance-node-1:9292 cache-queue "$ID1" "$ID2"'],
  apiVersions: [2],
  arguments: {
    imageIds: variadicArgument('<IMAGE_ID>', 'ID of image(s) to queue for caching.', { complete: 'image' }),
  },
  async run({ imageIds }, context) {
    const { cache } = (await context.api()).v2('cache-queue');
    await forEachImage(
      imageIds,
      (imageId) => cache.queue(imageId, context.signal),
      (imageId, error) =>
        error.status === 403
          ? `You are not permitted to queue the image '${imageId}' for caching.`
          : `'${error.message}': Unable to queue image '${imageId}' for caching.`,
      context,
    );
  },
});
