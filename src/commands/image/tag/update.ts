/** image-tag-update: adds a tag to an image, and prints the image's tags. */
import { argument, defineCommand } from '../../definition.js';

export const command = defineCommand({
  name: 'image-tag-update',
  summary: 'Update an image with the given tag.',
  examples: ['glance image-tag-update "$ID" golden', 'glance image-tag-update "$ID" golden -f json -c Tags'],
  apiVersions: [2],
  arguments: {
    imageId: argument('<IMAGE_ID>', 'Image to be updated with the given tag.', { complete: 'image' }),
    tag: argument('<TAG_VALUE>', 'Value of the tag.'),
  },
  output: 'list',
  async run({ imageId, tag }, context) {
    const glance = (await context.api()).v2('image-tag-update');
    await glance.images.addTag(imageId, tag, context.signal);
    const image = await glance.images.get(imageId, context.signal);
    return { kind: 'list', columns: [{ label: 'ID' }, { label: 'Tags' }], rows: [image] };
  },
});
