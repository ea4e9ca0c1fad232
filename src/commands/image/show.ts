/** image-show: one image's properties. */
import { argument, defineCommand, flag, integerWithDefault } from '../definition.js';
import { DEFAULT_MAX_COLUMN_WIDTH } from '../../output/model.js';
import { v1ImageRecord, wantsV1Output } from './legacy.js';
import { imageRecord } from './shared.js';

export const command = defineCommand({
  name: 'image-show',
  summary: 'Describe a specific image.',
  examples: ['glance image-show "$ID"', 'glance image-show "$ID" -f json | jq .size', 'eval "$(glance image-show "$ID" -f shell -c status)"'],
  arguments: {
    imageId: argument('<IMAGE_ID>', 'ID of image to describe.', { complete: 'image' }),
  },
  options: {
    humanReadable: flag('Print image size in a human-friendly format.'),
    maxColumnWidth: integerWithDefault('<integer>', 'The max column width of the printed table.', DEFAULT_MAX_COLUMN_WIDTH),
  },
  output: 'record',
  async run({ imageId, humanReadable, maxColumnWidth }, context) {
    const api = await context.api();
    const image = await api.images.get(imageId, context.signal);
    return wantsV1Output(context, false)
      ? v1ImageRecord(image, { humanReadable, maxColumnWidth, includeNullFields: false })
      : imageRecord(image, { humanReadable, maxColumnWidth });
  },
});
