/** image-tag-delete: removes a tag from an image. */
import { argument, defineCommand } from '../../definition.js';

export const command = defineCommand({
  name: 'image-tag-delete',
  summary: 'Delete the tag associated with the given image.',
  examples: ['glance image-tag-delete "$ID" golden'],
  apiVersions: [2],
  arguments: {
    imageId: argument('<IMAGE_ID>', 'ID of the image from which to delete tag.', { complete: 'image' }),
    tag: argument('<TAG_VALUE>', 'Value of the tag.'),
  },
  async run({ imageId, tag }, context) {
    const glance = (await context.api()).v2('image-tag-delete');
    await glance.images.deleteTag(imageId, tag, context.signal);
  },
});
