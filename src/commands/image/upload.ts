/** image-upload: data for an image that was created without any. */
import { CliError } from '../../errors.js';
import { declaredSize } from '../../transfer/source.js';
import { argument, defineCommand } from '../definition.js';
import { INSPECT_OPTIONS, inspectData } from './inspection.js';
import { DATA_OPTIONS, findImageSource, storeOption, uploadAndVerify, validateStores } from './shared.js';

export const command = defineCommand({
  name: 'image-upload',
  summary: 'Upload data for a specific image.',
  description:
    "The data is inspected first (see --no-inspect): an unsafe image, or one whose format is not the image's disk_format, is refused and the image stays as it was.",
  examples: ['glance image-upload "$ID" --file disk.qcow2 --progress', 'xz -dc disk.raw.xz | glance image-upload "$ID"'],
  apiVersions: [2],
  arguments: {
    imageId: argument('<IMAGE_ID>', 'ID of image to upload data to.', { complete: 'image' }),
  },
  options: {
    ...DATA_OPTIONS,
    store: storeOption,
    ...INSPECT_OPTIONS,
  },
  async run({ imageId, file, size, progress, store, noInspect }, context) {
    const given = await findImageSource(file, context);
    if (!given) {
      // The reference uploads an empty body here and the image turns active with size 0.
      throw new CliError('No image data to upload: use --file <FILE>, or redirect a file or a pipe into stdin');
    }
    const declared = declaredSize(given, size);
    const inspection = await inspectData(given, { file, noInspect }, context);
    const api = await context.api();
    // The inspection compares the data with the disk format the image was created with.
    const image = inspection ? await api.images.get(imageId, context.signal) : undefined;
    const source = image && inspection ? inspection.sourceFor(image.disk_format ?? undefined) : given;
    if (store && api.version === 2) {
      await validateStores(api.v2('image-upload --store'), [store], context.signal);
    }
    await uploadAndVerify(context, image ?? imageId, source, { size: declared, store, progress });
  },
});
