/** md-namespace-properties-delete: empties a namespace of its properties. */
import { argument, defineCommand } from '../../definition.js';

export const command = defineCommand({
  name: 'md-namespace-properties-delete',
  summary: 'Delete all metadata definitions property inside a specific namespace.',
  examples: ['glance md-namespace-properties-delete MyCorp::Storage'],
  arguments: {
    namespace: argument('<NAMESPACE>', 'Name of namespace.'),
  },
  async run({ namespace }, context) {
    const metadefs = (await context.api()).v2('md-namespace-properties-delete').metadefs;
    await metadefs.properties.deleteAll(namespace, context.signal);
  },
});
