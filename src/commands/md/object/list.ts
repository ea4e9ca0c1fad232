/** md-object-list: the objects of a namespace, descriptions wrapped at 50 characters. */
import { argument, defineCommand } from '../../definition.js';

export const command = defineCommand({
  name: 'md-object-list',
  summary: 'List metadata definitions objects inside a specific namespace.',
  examples: ['glance md-object-list OS::Software::DBMS'],
  arguments: {
    namespace: argument('<NAMESPACE>', 'Name of namespace.'),
  },
  output: 'list',
  async run({ namespace }, context) {
    const metadefs = (await context.api()).v2('md-object-list').metadefs;
    const rows = await metadefs.objects.list(namespace, context.signal);
    return { kind: 'list', columns: [{ label: 'name' }, { label: 'description', maxWidth: 50 }], rows };
  },
});
