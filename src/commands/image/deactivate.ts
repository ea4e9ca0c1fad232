/** image-deactivate: deactivates an image. */
import { argument, defineCommand } from '../definition.js';

export const command = defineCommand({
  name: 'image-deactivate',
  summary: 'Deactivate specified image.',
  examples: ['glance image-deactivate "$ID"'],
  apiVersions: [2],
  arguments: {
    imageId: argument('<IMAGE_ID>', 'ID of image to deactivate.', { complete: 'image' }),
  },
  async run({ imageId }, context) {
    const glance = (await context.api()).v2('image-deactivate');
    await glance.images.deactivate(imageId, context.signal);
  },
});
