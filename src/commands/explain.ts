/** explain: the attributes of one of Glance's models, from its JSON schema. */
import { CliError } from '../errors.js';
import { GlanceError } from '../glance/errors.js';
import { argument, defineCommand } from './definition.js';

export const command = defineCommand({
  name: 'explain',
  summary: 'Describe a specific model.',
  description: 'Models: image, images, member, members, task, tasks, and metadefs/namespace, metadefs/object, metadefs/property, metadefs/tag, metadefs/resource_type and their plurals.',
  examples: ['glance explain image', 'glance explain metadefs/namespace', 'glance explain image -f value -c Attribute'],
  apiVersions: [2],
  arguments: {
    model: argument('<MODEL>', 'Name of model to describe.'),
  },
  output: 'list',
  async run({ model }, context) {
    const { schemas } = (await context.api()).v2('explain');
    let schema;
    try {
      schema = await schemas.get(model, context.signal);
    } catch (error) {
      if (error instanceof GlanceError && error.status === 404) {
        throw new CliError(`Unable to find requested model '${model}'`);
      }
      throw error;
    }
    return {
      kind: 'list',
      // print_list: schema order, no width limit; a property without a description has an empty cell.
      columns: [
        { label: 'Attribute', key: 'name', display: (name) => String(name) },
        { label: 'Description', key: 'description' },
      ],
      rows: Object.entries(schema.properties ?? {}).map(([name, property]) => ({ name, description: property.description ?? null })),
    };
  },
});
