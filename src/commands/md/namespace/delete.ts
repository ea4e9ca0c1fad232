/** md-namespace-delete: a namespace and everything in it. */
import { argument, defineCommand } from '../../definition.js';

export const command = defineCommand({
  name: 'md-namespace-delete',
  summary: 'Delete specified metadata definitions namespace with its contents.',
  examples: ['glance md-namespace-delete MyCorp::Storage'],
  arguments: {
    namespace: argument('<NAMESPACE>', 'Name of namespace to delete.'),
  },
  async run({ namespace }, context) {
    const metadefs = (await context.api()).v2('md-namespace-delete').metadefs;
    await metadefs.namespaces.delete(namespace, context.signal);
  },
});
