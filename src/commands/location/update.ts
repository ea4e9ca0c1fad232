/** location-update: replaces the metadata of one of an image's locations. */
import { CliError } from '../../errors.js';
import type { ImageLocation } from '../../glance/locations.js';
import { argument, defineCommand, text, textWithDefault } from '../definition.js';
import { imageDictRecord, jsonObject } from './shared.js';

const EMPTY_METADATA_WARNING = "WARNING -- The location's metadata will be updated to an empty JSON object.";

export const command = defineCommand({
  name: 'location-update',
  summary: "Update metadata of an image's location.",
  description:
    "Needs a cloud that shows image locations (Glance's show_multiple_locations). The metadata " +
    'given replaces the old; without --metadata it becomes {}, with a warning on stdout before the table.',
  examples: ['glance location-update "$ID" --url http://images.example/cirros.img --metadata \'{"mirror": "us"}\' -f json -c locations'],
  apiVersions: [2],
  arguments: {
    imageId: argument('<IMAGE_ID>', 'ID of image whose location is to be updated.', { complete: 'image' }),
  },
  options: {
    url: text('<URL>', 'URL of location to update.', { required: true }),
    metadata: textWithDefault('<STRING>', 'Metadata associated with the location. Must be a valid JSON object (default: {})', '{}'),
  },
  output: 'record',
  async run({ imageId, url, metadata }, context) {
    const wanted = jsonObject(metadata, 'Metadata is not a valid JSON object.');
    // The reference prints it before asking anything, so also when the update then fails; here it
    // comes with the updated image only.
    const preface = Object.keys(wanted).length === 0 ? EMPTY_METADATA_WARNING : undefined;
    const { locations, images } = (await context.api()).v2('location-update');
    const image = await locations.imageWithLocations(imageId, context.signal);
    // By URL, as python-glanceclient's dict of them: a URL listed twice counts once, the last one wins.
    const byUrl = new Map<string, ImageLocation>(image.locations.map((location) => [location.url, location]));
    const current = byUrl.get(url as string);
    if (!current) {
      throw new CliError(`HTTP Unknown URL: ${url as string}, the URL must be one of existing locations of current image`);
    }
    if (pythonEquals(current.metadata, wanted)) {
      return imageDictRecord(image, preface);
    }
    byUrl.set(url as string, { ...current, metadata: wanted });
    await locations.replace(image.id, [...byUrl.values()], context.signal);
    return imageDictRecord(await images.get(image.id, context.signal), preface);
  },
});

/** Python's `==` on JSON values: dicts by keys and values whatever their order, and True == 1 as Python has it. */
function pythonEquals(a: unknown, b: unknown): boolean {
  const numeric = (value: unknown): value is number | boolean => typeof value === 'number' || typeof value === 'boolean';
  if (numeric(a) && numeric(b)) {
    return Number(a) === Number(b);
  }
  if (Array.isArray(a) || Array.isArray(b)) {
    return Array.isArray(a) && Array.isArray(b) && a.length === b.length && a.every((item, index) => pythonEquals(item, b[index]));
  }
  if (a !== null && b !== null && typeof a === 'object' && typeof b === 'object') {
    const keys = Object.keys(a);
    return keys.length === Object.keys(b).length && keys.every((key) => key in b && pythonEquals((a as Record<string, unknown>)[key], (b as Record<string, unknown>)[key]));
  }
  return a === b;
}
