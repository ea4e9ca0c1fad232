/** md-namespace-show: a namespace and the names of everything it holds. */
import { DEFAULT_MAX_COLUMN_WIDTH } from '../../../output/model.js';
import { argument, defineCommand, integerWithDefault, text } from '../../definition.js';
import { namespaceRecord } from '../shared.js';

export const command = defineCommand({
  name: 'md-namespace-show',
  summary: 'Describe a specific metadata definitions namespace.',
  description: 'Lists also the namespace properties, objects and resource type associations.',
  examples: ['glance md-namespace-show OS::Compute::Libvirt', 'glance md-namespace-show OS::Compute::Libvirt --resource-type OS::Glance::Image', 'glance md-namespace-show OS::Compute::Libvirt -f json | jq ".properties | keys"'],
  arguments: {
    namespace: argument('<NAMESPACE>', 'Name of namespace to describe.'),
  },
  options: {
    resourceType: text('<RESOURCE_TYPE>', 'Applies prefix of given resource type associated to a namespace to all properties of a namespace.'),
    maxColumnWidth: integerWithDefault('<integer>', 'The max column width of the printed table.', DEFAULT_MAX_COLUMN_WIDTH),
  },
  output: 'record',
  async run({ namespace, resourceType, maxColumnWidth }, context) {
    const metadefs = (await context.api()).v2('md-namespace-show').metadefs;
    return namespaceRecord(await metadefs.namespaces.get(namespace, { resourceType, signal: context.signal }), maxColumnWidth);
  },
});
