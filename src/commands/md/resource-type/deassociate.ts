/** md-resource-type-deassociate: undoes md-resource-type-associate. */
import { argument, defineCommand } from '../../definition.js';

export const command = defineCommand({
  name: 'md-resource-type-deassociate',
  summary: 'Deassociate resource type with a metadata definitions namespace.',
  examples: ['glance md-resource-type-deassociate MyCorp::Storage OS::Glance::Image'],
  arguments: {
    namespace: argument('<NAMESPACE>', 'Name of namespace.'),
    resourceType: argument('<RESOURCE_TYPE>', 'Name of resource type.'),
  },
  async run({ namespace, resourceType }, context) {
    const metadefs = (await context.api()).v2('md-resource-type-deassociate').metadefs;
    await metadefs.resourceTypes.deassociate(namespace, resourceType, context.signal);
  },
});
