/** md-tag-delete: one tag of a namespace. */
import { argument, defineCommand } from '../../definition.js';

export const command = defineCommand({
  name: 'md-tag-delete',
  summary: 'Delete a specific metadata definitions tag inside a namespace.',
  examples: ['glance md-tag-delete MyCorp::Storage ssd'],
  arguments: {
    namespace: argument('<NAMESPACE>', 'Name of the namespace to which the tag belongs.'),
    tag: argument('<TAG>', 'Name of the tag.'),
  },
  async run({ namespace, tag }, context) {
    const metadefs = (await context.api()).v2('md-tag-delete').metadefs;
    await metadefs.tags.delete(namespace, tag, context.signal);
  },
});
