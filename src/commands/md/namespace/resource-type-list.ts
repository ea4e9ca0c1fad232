/** md-namespace-resource-type-list: the resource types a namespace applies to, with their prefixes. */
import { argument, defineCommand } from '../../definition.js';

export const command = defineCommand({
  name: 'md-namespace-resource-type-list',
  summary: 'List resource types associated to specific namespace.',
  examples: ['glance md-namespace-resource-type-list OS::Compute::Libvirt'],
  arguments: {
    namespace: argument('<NAMESPACE>', 'Name of namespace.'),
  },
  output: 'list',
  async run({ namespace }, context) {
    const metadefs = (await context.api()).v2('md-namespace-resource-type-list').metadefs;
    const rows = await metadefs.resourceTypes.associations(namespace, context.signal);
    return { kind: 'list', columns: [{ label: 'name' }, { label: 'prefix' }, { label: 'properties_target' }], rows };
  },
});
