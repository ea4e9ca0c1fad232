/** md-resource-type-list: the resource types namespaces can be associated with. */
import { defineCommand } from '../../definition.js';

export const command = defineCommand({
  name: 'md-resource-type-list',
  summary: 'List available resource type names.',
  examples: ['glance md-resource-type-list'],
  output: 'list',
  async run(_input, context) {
    const metadefs = (await context.api()).v2('md-resource-type-list').metadefs;
    return { kind: 'list', columns: [{ label: 'name' }], rows: await metadefs.resourceTypes.list(context.signal) };
  },
});
