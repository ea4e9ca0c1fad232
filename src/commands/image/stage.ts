/** image-stage: data for a glance-direct import, into Glance's staging area. */
import { CliError } from '../../errors.js';
import { checkStagedSize } from '../../transfer/upload.js';
import { declaredSize } from '../../transfer/source.js';
import { argument, defineCommand } from '../definition.js';
import { DATA_OPTIONS, findImageSource, stageData } from './shared.js';

export const command = defineCommand({
  name: 'image-stage',
  summary: 'Upload data for a specific image to staging.',
  examples: ['glance image-stage "$ID" --file disk.qcow2 && glance image-import "$ID" --import-method glance-direct --wait'],
  apiVersions: [2],
  arguments: {
    imageId: argument('<IMAGE_ID>', 'ID of image to upload data to.', { complete: 'image' }),
  },
  options: DATA_OPTIONS,
  async run({ imageId, file, size, progress }, context) {
    const source = await findImageSource(file, context);
    if (!source) {
      // The reference stages an empty body here.
      throw new CliError('No image data to stage: use --file <FILE>, or redirect a file or a pipe into stdin');
    }
    const declared = declaredSize(source, size);
    const glance = (await context.api()).v2('image-stage');
    // Nothing to hash: Glance records the hashes only when the image is imported, by another command.
    const staged = await stageData(context, glance, imageId, source, { size: declared, progress, algorithms: [] });
    // Glance records the staged size at once; the hashes come only with the import.
    checkStagedSize(await glance.images.get(imageId, context.signal), staged);
  },
});
