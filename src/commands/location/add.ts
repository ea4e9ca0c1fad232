/** location-add: adds a location (a URL in one of the cloud's stores) to an image, with a JSON patch. */
import { argument, defineCommand, text, textWithDefault } from '../definition.js';
import { imageDictRecord, jsonObject } from './shared.js';

export const command = defineCommand({
  name: 'location-add',
  summary: 'Add a location (and related metadata) to an image.',
  description:
    "Needs a cloud that shows image locations (Glance's show_multiple_locations) and a URL one of " +
    'its stores can read. A queued image becomes active with the data at the URL.',
  examples: [
    'glance location-add "$ID" --url http://images.example/cirros.img -f value -c status',
    'glance location-add "$ID" --url http://images.example/cirros.img --metadata \'{"mirror": "eu"}\' --hash-algo sha512 --hash-value "$SHA512"',
  ],
  apiVersions: [2],
  arguments: {
    imageId: argument('<IMAGE_ID>', 'ID of image to which the location is to be added.', { complete: 'image' }),
  },
  options: {
    url: text('<URL>', 'URL of location to add.', { required: true }),
    metadata: textWithDefault('<STRING>', 'Metadata associated with the location. Must be a valid JSON object (default: {})', '{}'),
    checksum: text('<STRING>', 'md5 checksum of image contents'),
    hashAlgo: text('<STRING>', 'Multihash algorithm'),
    hashValue: text('<STRING>', 'Multihash value'),
  },
  output: 'record',
  async run({ imageId, url, metadata, checksum, hashAlgo, hashValue }, context) {
    const parsedMetadata = jsonObject(metadata, 'Metadata is not a valid JSON object.');
    const { locations, images } = (await context.api()).v2('location-add');
    // Only the values given, in the reference's order; Glance checks them against the data at the URL.
    const validationData = Object.fromEntries(
      Object.entries({ checksum, os_hash_algo: hashAlgo, os_hash_value: hashValue }).filter(([, value]) => value),
    );
    await locations.add(
      imageId,
      { url: url as string, metadata: parsedMetadata, ...(Object.keys(validationData).length > 0 ? { validation_data: validationData } : {}) },
      context.signal,
    );
    return imageDictRecord(await images.get(imageId, context.signal));
  },
});
