/** md-property-delete: one property definition of a namespace. */
import { argument, defineCommand } from '../../definition.js';

export const command = defineCommand({
  name: 'md-property-delete',
  summary: 'Delete a specific metadata definitions property inside a namespace.',
  examples: ['glance md-property-delete MyCorp::Storage mycorp_tier'],
  arguments: {
    namespace: argument('<NAMESPACE>', 'Name of namespace the property belongs.'),
    property: argument('<PROPERTY>', 'Name of a property.'),
  },
  async run({ namespace, property }, context) {
    const metadefs = (await context.api()).v2('md-property-delete').metadefs;
    await metadefs.properties.delete(namespace, property, context.signal);
  },
});
