/** md-tag-list: the tags of a namespace. */
import { argument, defineCommand } from '../../definition.js';

export const command = defineCommand({
  name: 'md-tag-list',
  summary: 'List metadata definitions tags inside a specific namespace.',
  examples: ['glance md-tag-list MyCorp::Storage', 'glance md-tag-list MyCorp::Storage -f value'],
  arguments: {
    namespace: argument('<NAMESPACE>', 'Name of namespace.'),
  },
  output: 'list',
  async run({ namespace }, context) {
    const metadefs = (await context.api()).v2('md-tag-list').metadefs;
    return { kind: 'list', columns: [{ label: 'name' }], rows: await metadefs.tags.list(namespace, context.signal) };
  },
});
