/** image-stage: data for a glance-direct import, into Glance's staging area. */
import { CliError } from '../../errors.js';
import { checkStagedSize } from '../../transfer/upload.js';
import { declaredSize } from '../../transfer/source.js';
import { argument, defineCommand } from '../definition.js';
import { INSPECT_OPTIONS, inspectData } from './inspection.js';
import { DATA_OPTIONS, findImageSource, stageData } from './shared.js';

export const command = defineCommand({
  name: 'image-stage',
  summary: 'Upload data for a specific image to staging.',
  description:
    "The data is inspected first (see --no-inspect): an unsafe image, or one whose format is not the image's disk_format, is refused and nothing is staged.",
  examples: ['glance image-stage "$ID" --file disk.qcow2 && glance image-import "$ID" --import-method glance-direct --wait'],
  apiVersions: [2],
  arguments: {
    imageId: argument('<IMAGE_ID>', 'ID of image to upload data to.', { complete: 'image' }),
  },
  options: { ...DATA_OPTIONS, ...INSPECT_OPTIONS },
  async run({ imageId, file, size, progress, noInspect }, context) {
    const given = await findImageSource(file, context);
    if (!given) {
      // The reference stages an empty body here.
      throw new CliError('No image data to stage: use --file <FILE>, or redirect a file or a pipe into stdin');
    }
    const declared = declaredSize(given, size);
    const inspection = await inspectData(given, { file, noInspect }, context);
    const glance = (await context.api()).v2('image-stage');
    // The inspection compares the data with the disk format the image was created with.
    const source = inspection ? inspection.sourceFor((await glance.images.get(imageId, context.signal)).disk_format ?? undefined) : given;
    // Nothing to hash: Glance records the hashes only when the image is imported, by another command.
    const staged = await stageData(context, glance, imageId, source, { size: declared, progress, algorithms: [] });
    // Glance records the staged size at once; the hashes come only with the import.
    checkStagedSize(await glance.images.get(imageId, context.signal), staged);
  },
});
