/** md-namespace-tags-delete: empties a namespace of its tags. */
import { argument, defineCommand } from '../../definition.js';

export const command = defineCommand({
  name: 'md-namespace-tags-delete',
  summary: 'Delete all metadata definitions tags inside a specific namespace.',
  examples: ['glance md-namespace-tags-delete MyCorp::Storage'],
  arguments: {
    namespace: argument('<NAMESPACE>', 'Name of namespace.'),
  },
  async run({ namespace }, context) {
    const metadefs = (await context.api()).v2('md-namespace-tags-delete').metadefs;
    await metadefs.tags.deleteAll(namespace, context.signal);
  },
});
