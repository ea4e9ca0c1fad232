/** md-property-list: the property definitions at a namespace's top level. */
import { argument, defineCommand } from '../../definition.js';

export const command = defineCommand({
  name: 'md-property-list',
  summary: 'List metadata definitions properties inside a specific namespace.',
  examples: ['glance md-property-list OS::Compute::Libvirt'],
  arguments: {
    namespace: argument('<NAMESPACE>', 'Name of namespace.'),
  },
  output: 'list',
  async run({ namespace }, context) {
    const metadefs = (await context.api()).v2('md-property-list').metadefs;
    const rows = await metadefs.properties.list(namespace, context.signal);
    return { kind: 'list', columns: [{ label: 'name' }, { label: 'title' }, { label: 'type' }], rows };
  },
});
