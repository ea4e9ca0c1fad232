/** image-reactivate: reactivates an image. */
import { argument, defineCommand } from '../definition.js';

export const command = defineCommand({
  name: 'image-reactivate',
  summary: 'Reactivate specified image.',
  examples: ['glance image-reactivate "$ID"'],
  apiVersions: [2],
  arguments: {
    imageId: argument('<IMAGE_ID>', 'ID of image to reactivate.', { complete: 'image' }),
  },
  async run({ imageId }, context) {
    const glance = (await context.api()).v2('image-reactivate');
    await glance.images.reactivate(imageId, context.signal);
  },
});
