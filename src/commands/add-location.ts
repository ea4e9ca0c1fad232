/**
 * add-location: gives a queued image its data by URL, through the locations API of Image API
 * v2.17 (python-glanceclient 4.7+; not in 4.1). A top-level file: the name has no noun family.
 */
import { CliError } from '../errors.js';
import { pyStr } from '../output/pyformat.js';
import { imageRecord } from './image/shared.js';
import { argument, defineCommand, text, textWithDefault } from './definition.js';
import { jsonObject } from './location/shared.js';

const ACCEPTED_KEYS = ['os_hash_algo', 'os_hash_value'];
const HASH_ALGORITHMS = ['sha512', 'sha256', 'sha1', 'md5'];

export const command = defineCommand({
  name: 'add-location',
  summary: 'Add location to an image which is in `queued` state only.',
  description: 'Needs Image API v2.17 (Glance 2024.2 or later). Glance reads the data at the URL, and checks it against the validation data when given.',
  examples: [
    'glance add-location "$ID" --url http://images.example/cirros.img -f value -c status',
    'glance add-location "$ID" --url http://images.example/cirros.img --validation-data \'{"os_hash_algo": "sha512", "os_hash_value": "\'"$SHA512"\'"}\'',
  ],
  apiVersions: [2],
  arguments: {
    imageId: argument('<IMAGE_ID>', 'ID of image whose location is to be added.', { complete: 'image' }),
  },
  options: {
    url: text('<URL>', 'URL of location to add.', { required: true }),
    validationData: textWithDefault(
      '<STRING>',
      'Validation data containing os_hash_algo and os_hash_value only associated to the image. Must be a valid JSON object (default: {})',
      '{}',
    ),
  },
  output: 'record',
  async run({ imageId, url, validationData }, context) {
    const validation = checkedValidationData(validationData);
    const api = await context.api();
    const { locations, images } = api.v2('add-location');
    await locations.addToQueuedImage(imageId, url as string, validation, context.signal);
    return imageRecord(await images.get(imageId, context.signal));
  },
});

/** python-glanceclient's checks, before any request, in its words. */
function checkedValidationData(text: string): Record<string, unknown> {
  const data = jsonObject(text, 'validation-data is not a valid JSON object.');
  const extra = Object.keys(data).filter((key) => !ACCEPTED_KEYS.includes(key));
  if (extra.length > 0) {
    // The reference names one key (and fails with a TypeError for several); here, each of them.
    throw new CliError(`Validation Data should contain only os_hash_algo and os_hash_value. \`${extra.join(', ')}\` is not allowed`);
  }
  // An os_hash_value without an algorithm is refused too (the reference stops on a KeyError).
  if (Object.keys(data).length > 0 && !HASH_ALGORITHMS.includes(data.os_hash_algo as string)) {
    throw new CliError(`os_hash_algo: \`${pyStr(data.os_hash_algo)}\` is incorrect, allowed hashing algorithms: ${pyStr(HASH_ALGORITHMS)}`);
  }
  return data;
}
