/** image-upload: data for an image that was created without any. */
import { CliError } from '../../errors.js';
import { declaredSize } from '../../transfer/source.js';
import { argument, defineCommand } from '../definition.js';
import { DATA_OPTIONS, findImageSource, storeOption, uploadAndVerify, validateStores } from './shared.js';

export const command = defineCommand({
  name: 'image-upload',
  summary: 'Upload data for a specific image.',
  examples: ['glance image-upload "$ID" --file disk.qcow2 --progress', 'xz -dc disk.raw.xz | glance image-upload "$ID"'],
  apiVersions: [2],
  arguments: {
    imageId: argument('<IMAGE_ID>', 'ID of image to upload data to.', { complete: 'image' }),
  },
  options: {
    ...DATA_OPTIONS,
    store: storeOption,
  },
  async run({ imageId, file, size, progress, store }, context) {
    const source = await findImageSource(file, context);
    if (!source) {
      // The reference uploads an empty body here and the image turns active with size 0.
      throw new CliError('No image data to upload: use --file <FILE>, or redirect a file or a pipe into stdin');
    }
    const declared = declaredSize(source, size);
    const api = await context.api();
    if (store && api.version === 2) {
      await validateStores(api.v2('image-upload --store'), [store], context.signal);
    }
    await uploadAndVerify(context, imageId, source, { size: declared, store, progress });
  },
});
