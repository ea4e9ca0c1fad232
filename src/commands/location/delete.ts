/** location-delete: removes locations from an image (and Glance deletes their data). */
import { CliError } from '../../errors.js';
import { pyStr } from '../../output/pyformat.js';
import { argument, defineCommand, repeatable } from '../definition.js';

export const command = defineCommand({
  name: 'location-delete',
  summary: 'Remove locations (and related metadata) from an image.',
  description: "Needs a cloud that shows image locations (Glance's show_multiple_locations). An active image keeps at least one location.",
  examples: ['glance location-delete "$ID" --url http://images.example/old.img --url http://images.example/older.img'],
  apiVersions: [2],
  arguments: {
    imageId: argument('<IMAGE_ID>', 'ID of image whose locations are to be removed.', { complete: 'image' }),
  },
  options: {
    url: repeatable('<URL>', 'URL of location to remove. May be used multiple times.', { required: true }),
  },
  async run({ imageId, url }, context) {
    const { locations } = (await context.api()).v2('location-delete');
    const image = await locations.imageWithLocations(imageId, context.signal);
    const current = image.locations.map((location) => location.url);
    const wanted = [...new Set(url)];
    const unknown = wanted.filter((candidate) => !current.includes(candidate));
    if (unknown.length > 0) {
      // The reference lists them in Python set order, which varies from run to run; here, as given.
      throw new CliError(`HTTP Unknown URL(s): ${pyStr(unknown)}`);
    }
    // Highest index first, so that each removal leaves the indexes still to come in place.
    const indexes = wanted.map((candidate) => current.indexOf(candidate)).sort((a, b) => b - a);
    await locations.remove(image.id, indexes, context.signal);
  },
});
