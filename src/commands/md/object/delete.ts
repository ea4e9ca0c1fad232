/** md-object-delete: one object of a namespace. */
import { argument, defineCommand } from '../../definition.js';

export const command = defineCommand({
  name: 'md-object-delete',
  summary: 'Delete a specific metadata definitions object inside a namespace.',
  examples: ['glance md-object-delete MyCorp::Storage Replication'],
  arguments: {
    namespace: argument('<NAMESPACE>', 'Name of namespace the object belongs.'),
    object: argument('<OBJECT>', 'Name of an object.'),
  },
  async run({ namespace, object }, context) {
    const metadefs = (await context.api()).v2('md-object-delete').metadefs;
    await metadefs.objects.delete(namespace, object, context.signal);
  },
});
