/** image-delete: deletes each image, reports each failure, and fails at the end if any did. */
import type { GlanceError } from '../../glance/errors.js';
import { forEachImage } from '../for-each-image.js';
import { defineCommand, variadicArgument } from '../definition.js';

export const command = defineCommand({
  name: 'image-delete',
  summary: 'Delete specified image.',
  examples: ['glance image-delete "$ID"', 'glance image-list -f value -c ID --property-filter os_distro=cirros | xargs -r glance image-delete'],
  arguments: {
    imageIds: variadicArgument('<IMAGE_ID>', 'ID of image(s) to delete.', { complete: 'image' }),
  },
  async run({ imageIds }, context) {
    const { images } = await context.api();
    await forEachImage(imageIds, (id) => images.delete(id, context.signal), deleteFailure, context);
  },
});

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
