/** md-namespace-objects-delete: empties a namespace of its objects. */
import { argument, defineCommand } from '../../definition.js';

export const command = defineCommand({
  name: 'md-namespace-objects-delete',
  summary: 'Delete all metadata definitions objects inside a specific namespace.',
  examples: ['glance md-namespace-objects-delete MyCorp::Storage'],
  arguments: {
    namespace: argument('<NAMESPACE>', 'Name of namespace.'),
  },
  async run({ namespace }, context) {
    const metadefs = (await context.api()).v2('md-namespace-objects-delete').metadefs;
    await metadefs.objects.deleteAll(namespace, context.signal);
  },
});
